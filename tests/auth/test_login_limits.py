"""Failed sign-ins slow an account down instead of locking it, and its owner hears of them;
unknown and known emails cost the same."""

from __future__ import annotations

import pytest

from careercenter.auth import services, throttle

from .. import factories
from ..members.conftest import Outbox


@pytest.fixture
def pauses(monkeypatch) -> list[float]:
    waited: list[float] = []
    monkeypatch.setattr(throttle, "pause", waited.append)
    return waited


def _attempt(app, email, password="wrong password!", n=0):
    """Sign in from a fresh client and an address of its own (a distributed attack)."""
    return (
        app.test_client()
        .post(
            "/login",
            data={"email": email, "password": password},
            environ_base={"REMOTE_ADDR": f"10.1.{n // 250}.{n % 250 + 1}"},
        )
        .status_code
    )


def test_many_failures_slow_the_account_down_but_the_owner_still_signs_in(app, world, pauses):
    email = world.a.student.user.email
    after = app.config["LOGIN_SLOWDOWN_AFTER"]
    assert [_attempt(app, email, n=n) for n in range(after)] == [200] * after
    assert pauses == []
    assert _attempt(app, email, factories.PASSWORD, n=99) == 302  # slowed, not refused
    assert pauses == [0.25]
    for n in range(6):
        _attempt(app, email, n=n + 100)
    assert pauses[1:] == [0.25, 0.5, 1.0, 2.0, 2.0, 2.0]  # doubling, bounded
    assert max(pauses) == app.config["LOGIN_SLOWDOWN_MAX_SECONDS"]
    # Another account is not slowed by this one's failures.
    assert _attempt(app, world.a.advisor.user.email, factories.PASSWORD) == 302
    assert len(pauses) == 7


def test_unknown_addresses_are_slowed_down_alike(app, world, pauses):
    for n in range(app.config["LOGIN_SLOWDOWN_AFTER"] + 1):
        _attempt(app, "nobody@people.example", n=n)
    assert pauses == [0.25]


def test_owner_is_mailed_once_per_window_about_many_failures(app, world, pauses):
    outbox = Outbox(app)
    email = world.a.student.user.email
    alert_after = app.config["LOGIN_ALERT_AFTER"]
    for n in range(alert_after - 1):
        _attempt(app, email, n=n)
    assert outbox.to(email) == []
    _attempt(app, email, n=50)
    [message] = outbox.to(email)
    assert "Failed sign-ins" in message["Subject"]
    body = message.get_content()
    assert f"{alert_after} times" in body and "/password/forgot" in body
    for n in range(5):
        _attempt(app, email, n=60 + n)
    assert len(outbox.to(email)) == 1


def test_no_mail_for_an_address_without_an_account(app, world, pauses):
    for n in range(app.config["LOGIN_ALERT_AFTER"] + 2):
        _attempt(app, "nobody@people.example", n=n)
    assert Outbox(app).messages() == []


def test_dummy_hash_uses_the_configured_method_and_cost(app, arrange):
    user = factories.create_user()
    method = app.config["PASSWORD_HASH_METHOD"]
    prefix = user.password_hash.split("$", 1)[0]
    assert services.dummy_hash(method).split("$", 1)[0] == prefix == method
    assert services.dummy_hash("scrypt").startswith("scrypt:32768:8:1$")
    assert services.dummy_hash(method) is services.dummy_hash(method)  # once per process


def test_known_and_unknown_emails_check_one_hash_each(app, world, monkeypatch):
    checked: list[str] = []
    real = services.check_password_hash

    def counting(stored, password):
        checked.append(stored.split("$", 1)[0])
        return real(stored, password)

    monkeypatch.setattr(services, "check_password_hash", counting)
    method = app.config["PASSWORD_HASH_METHOD"]
    assert _attempt(app, world.a.student.user.email) == 200
    assert checked == [method]
    assert _attempt(app, "nobody@people.example", n=1) == 200
    assert checked == [method, method]
    deactivated = factories.create_user(active=False)
    assert _attempt(app, deactivated.email, factories.PASSWORD, n=2) == 200
    assert checked == [method] * 3
