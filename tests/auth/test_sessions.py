"""Server-side sessions: sign-out revokes copied cookies, sign out everywhere, idle and expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from careercenter.auth.models import UserSession
from careercenter.auth.sessions import MAX_REMEMBER, describe_agent
from careercenter.extensions import db
from careercenter.tenancy.models import utcnow

from .. import factories

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def _sign_in(app, member, remember=False, agent=FIREFOX, address="127.0.0.1"):
    """Return a fresh client (its own cookie jar) signed in as `member`."""
    client = app.test_client()
    data = {"email": member.user.email, "password": factories.PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post(
        "/login",
        data=data,
        headers={"User-Agent": agent},
        environ_base={"REMOTE_ADDR": address},
    )
    assert response.status_code == 302, "sign-in failed"
    return client


def _copy(app, source, *names, agent="curl/8.0"):
    """Return a new client holding copies of `source`'s cookies `names` (the replay)."""
    thief = app.test_client()
    for name in names:
        thief.set_cookie(name, source.get_cookie(name).value)
    thief.environ_base["HTTP_USER_AGENT"] = agent
    return thief


def _home(client, world) -> int:
    return client.get(f"/{world.a.slug}/").status_code


def _sessions(user_id) -> list[UserSession]:
    db.session.expire_all()
    rows = db.session.execute(select(UserSession).where(UserSession.user_id == user_id))
    return list(rows.scalars())


def test_session_cookie_replayed_after_sign_out_is_refused(app, world):
    owner = _sign_in(app, world.a.student)
    thief = _copy(app, owner, "session")
    assert _home(thief, world) == 200  # control: the copy works while the session lives
    owner.post("/logout")
    assert _home(thief, world) == 302
    assert _home(owner, world) == 302


def test_remember_cookie_replayed_after_sign_out_is_refused(app, world, arrange):
    owner = _sign_in(app, world.a.student, remember=True)
    thief = _copy(app, owner, "remember_token")
    assert _home(thief, world) == 200  # control: the remember cookie alone signs in
    owner.post("/logout")
    assert _home(thief, world) == 302
    assert _sessions(world.a.student.user_id) == []


def test_sign_out_everywhere_ends_every_device(app, world, arrange):
    laptop = _sign_in(app, world.a.student)
    phone = _sign_in(app, world.a.student, remember=True, agent=SAFARI_IPHONE)
    other_person = _sign_in(app, world.a.advisor)
    response = laptop.post("/account/sessions/end-all", follow_redirects=True)
    assert "signed out everywhere (2 devices)" in response.text
    assert _home(phone, world) == 302 and _home(laptop, world) == 302
    assert _home(other_person, world) == 200
    assert _sessions(world.a.student.user_id) == []


def test_account_page_lists_devices_and_ends_one(app, world, arrange):
    laptop = _sign_in(app, world.a.student, address="10.0.0.1")
    phone = _sign_in(app, world.a.student, agent=SAFARI_IPHONE, address="10.0.0.2")
    page = laptop.get("/account").text
    assert "Firefox on Linux" in page and "Safari on iOS" in page
    assert page.count("This device") == 1 and "10.0.0.2" in page
    phone_row = next(r for r in _sessions(world.a.student.user_id) if r.ip == "10.0.0.2")
    response = laptop.post(f"/account/sessions/{phone_row.id}/end", follow_redirects=True)
    assert "That device is signed out." in response.text
    assert _home(phone, world) == 302
    assert _home(laptop, world) == 200


def test_nobody_ends_another_persons_session(app, world, arrange):
    victim = _sign_in(app, world.a.student)
    [row] = _sessions(world.a.student.user_id)
    intruder = _sign_in(app, world.b.student)
    assert intruder.post(f"/account/sessions/{row.id}/end").status_code == 404
    assert _home(victim, world) == 200


def test_account_page_needs_a_sign_in(client):
    assert client.get("/account").status_code == 302
    assert client.post("/account/sessions/end-all").status_code == 302


def test_idle_session_ends(app, world, arrange, monkeypatch):
    client = _sign_in(app, world.a.student)
    idle = app.config["SESSION_IDLE_TIMEOUT"]
    _set(world.a.student.user_id, last_seen_at=utcnow() - idle + timedelta(minutes=5))
    assert _home(client, world) == 200
    _set(world.a.student.user_id, last_seen_at=utcnow() - idle - timedelta(minutes=1))
    assert _home(client, world) == 302
    assert _sessions(world.a.student.user_id) == []  # a dead session is removed when seen


def test_idle_timeout_is_configurable(app, world, arrange, monkeypatch):
    client = _sign_in(app, world.a.student)
    monkeypatch.setitem(app.config, "SESSION_IDLE_TIMEOUT", timedelta(minutes=10))
    _set(world.a.student.user_id, last_seen_at=utcnow() - timedelta(minutes=11))
    assert _home(client, world) == 302


def test_remembered_session_is_not_idle_but_ends_within_30_days(app, world, arrange, monkeypatch):
    monkeypatch.setitem(app.config, "REMEMBER_COOKIE_DURATION", timedelta(days=90))
    owner = _sign_in(app, world.a.student, remember=True)
    [row] = _sessions(world.a.student.user_id)
    assert row.expires_at - row.created_at == MAX_REMEMBER == timedelta(days=30)
    cookie = owner.get_cookie("remember_token")
    assert cookie.expires is not None
    assert cookie.expires.replace(tzinfo=None) <= (utcnow() + MAX_REMEMBER).replace(tzinfo=None)
    browser_reopened = _copy(app, owner, "remember_token")
    _set(world.a.student.user_id, last_seen_at=utcnow() - timedelta(days=20))
    assert _home(browser_reopened, world) == 200  # remembered: idleness does not end it
    old = utcnow() - timedelta(days=31)
    _set(world.a.student.user_id, created_at=old, expires_at=old + MAX_REMEMBER)
    assert _home(_copy(app, owner, "remember_token"), world) == 302


def test_last_seen_is_written_at_most_once_a_minute(app, world, arrange, count_queries):
    client = _sign_in(app, world.a.student)
    with count_queries() as statements:
        assert client.get("/institutions").status_code == 302
    assert sum("user_sessions" in s for s in statements) == 1  # one SELECT, with the user
    assert not any(s.lstrip().upper().startswith("UPDATE") for s in statements)
    _set(world.a.student.user_id, last_seen_at=utcnow() - timedelta(minutes=2))
    with count_queries() as statements:
        client.get("/institutions")
    assert sum(s.lstrip().upper().startswith("UPDATE USER_SESSIONS") for s in statements) == 1
    [row] = _sessions(world.a.student.user_id)
    assert utcnow() - row.last_seen_at.replace(tzinfo=utcnow().tzinfo) < timedelta(minutes=1)


def test_sign_in_removes_expired_sessions(app, world, arrange):
    _sign_in(app, world.a.student)
    _set(world.a.student.user_id, expires_at=utcnow() - timedelta(seconds=1))
    _sign_in(app, world.a.advisor)
    assert _sessions(world.a.student.user_id) == []


def test_password_reset_signs_out_every_other_device(app, world, arrange):
    from ..members.conftest import Outbox

    elsewhere = _sign_in(app, world.a.student, remember=True)
    here = app.test_client()
    here.post("/password/forgot", data={"email": world.a.student.user.email})
    link = Outbox(app).link_for(world.a.student.user.email)
    new = "a long and unusual passphrase"
    assert here.post(link, data={"password": new, "confirm": new}).status_code == 302
    assert _home(elsewhere, world) == 302
    assert _home(_copy(app, elsewhere, "remember_token"), world) == 302
    assert _home(here, world) == 200
    assert len(_sessions(world.a.student.user_id)) == 1


@pytest.mark.parametrize(
    ("agent", "summary"),
    [
        (FIREFOX, "Firefox on Linux"),
        (SAFARI_IPHONE, "Safari on iOS"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0 Safari/537.36 Edg/126.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        ("", "Unknown browser"),
    ],
)
def test_devices_are_described_briefly(agent, summary):
    assert describe_agent(agent) == summary


def _set(user_id: int, **values) -> None:
    db.session.execute(update(UserSession).where(UserSession.user_id == user_id).values(**values))
    db.session.commit()


NEW_PASSWORD = "a long and unusual passphrase"


def _change(client, current=factories.PASSWORD, new=NEW_PASSWORD, confirm=None):
    return client.post(
        "/account/password",
        data={"current": current, "password": new, "confirm": confirm or new},
    )


def test_password_change_keeps_this_device_and_ends_the_others(app, world, arrange):
    laptop = _sign_in(app, world.a.student, remember=True)
    phone = _sign_in(app, world.a.student, remember=True, agent=SAFARI_IPHONE)
    response = _change(laptop)
    assert response.status_code == 302
    assert "signed out on every other device" in laptop.get("/account").text
    assert _home(laptop, world) == 200
    assert _home(phone, world) == 302
    assert _home(_copy(app, phone, "remember_token"), world) == 302
    [row] = _sessions(world.a.student.user_id)
    assert row.remember  # still kept signed in where the password was changed
    assert _home(_copy(app, laptop, "remember_token"), world) == 200
    assert _sign_in_status(app, world.a.student.user.email, NEW_PASSWORD) == 302
    assert _sign_in_status(app, world.a.student.user.email, factories.PASSWORD) == 200


def test_wrong_current_password_changes_nothing(app, world, arrange):
    laptop = _sign_in(app, world.a.student)
    phone = _sign_in(app, world.a.student, agent=SAFARI_IPHONE)
    response = _change(laptop, current="not my password")
    assert response.status_code == 400
    assert "That is not your current password." in response.text
    weak = _change(laptop, new="short", confirm="short")
    assert weak.status_code == 400 and "at least" in weak.text
    assert _home(phone, world) == 200 and _home(laptop, world) == 200
    assert _sign_in_status(app, world.a.student.user.email, factories.PASSWORD) == 302


def test_guessing_the_current_password_is_limited(app, world):
    laptop = _sign_in(app, world.a.student)
    codes = [_change(laptop, current=f"guess number {n}").status_code for n in range(6)]
    assert codes == [400] * 5 + [429]


def _sign_in_status(app, email, password) -> int:
    return app.test_client().post("/login", data={"email": email, "password": password}).status_code


def test_deactivated_account_is_signed_out_at_once(app, world, arrange):
    client = _sign_in(app, world.a.student, remember=True)
    user = world.a.student.user
    user.active = False
    db.session.commit()
    assert _home(client, world) == 302
    assert _home(_copy(app, client, "remember_token"), world) == 302


def test_a_tenant_page_reads_session_and_membership_in_one_statement(app, world, count_queries):
    client = _sign_in(app, world.a.student)
    _home(client, world)
    with count_queries() as statements:
        assert _home(client, world) == 200
    sessions = [s for s in statements if "user_sessions" in s]
    assert len(sessions) == 1 and "memberships" in sessions[0]
    assert [s for s in statements if "institutions.slug" in s] == sessions


def test_the_joined_lookup_admits_only_active_accepted_members(app, arrange, world):
    both = factories.create_member(world.b.institution, email="both@people.example")
    factories.create_member(world.a.institution, user=both.user)
    invited = factories.create_member(world.b.institution, email="invited@people.example")
    factories.create_member(world.a.institution, user=invited.user, invited=True)
    left = factories.create_member(world.b.institution, email="left@people.example")
    factories.create_member(world.a.institution, user=left.user, active=False)
    a, b = f"/{world.a.slug}/", f"/{world.b.slug}/"
    for member, answers in [(both, (200, 200)), (invited, (404, 200)), (left, (404, 200))]:
        client = _sign_in(app, member)
        assert (client.get(a).status_code, client.get(b).status_code) == answers, member
        assert client.get("/no-such-institution/").status_code == 404
    assert _sign_in(app, world.b.student).get(a).status_code == 404
