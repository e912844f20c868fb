"""The session cookie's verified contents are kept per cookie (careercenter.light), and keep
every rule of Flask's check: a bad signature opens nothing, an old one expires, a new secret
key forgets them all, and each request gets its own copy."""

from __future__ import annotations

import time

import pytest
from flask import request

from careercenter import light


def _open(app, value: str):
    with app.test_request_context(
        headers={"Cookie": f"{app.config['SESSION_COOKIE_NAME']}={value}"}
    ):
        return app.session_interface.open_session(app, request)


def _signed(app, data: dict) -> str:
    return app.session_interface.get_signing_serializer(app).dumps(data)


def test_a_cookie_is_verified_once_and_each_request_gets_its_own_copy(app, monkeypatch):
    value = _signed(app, {"_user_id": "7:token", "via": {"i": [1, 2]}})
    first = _open(app, value)
    assert dict(first) == {"_user_id": "7:token", "via": {"i": [1, 2]}}
    serializer = app.session_interface.get_signing_serializer(app)

    def refuse(*args, **kwargs):
        raise AssertionError("verified again")

    monkeypatch.setattr(serializer, "loads", refuse)
    first["via"]["i"].append(3)  # one request changing what it read in place
    second = _open(app, value)
    assert dict(second) == {"_user_id": "7:token", "via": {"i": [1, 2]}}
    assert not second.modified


def test_a_bad_signature_opens_nothing_and_is_not_kept(app):
    value = _signed(app, {"_user_id": "7:token"})
    forged = value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB")
    assert dict(_open(app, forged)) == {}
    assert dict(_open(app, forged)) == {}
    assert dict(_open(app, value)) == {"_user_id": "7:token"}


@pytest.mark.parametrize("shift", [1, -3600])
def test_a_kept_cookie_expires_as_flask_would_expire_it(app, monkeypatch, shift):
    value = _signed(app, {"_user_id": "7:token"})
    assert dict(_open(app, value)) == {"_user_id": "7:token"}  # kept now
    lifetime = int(app.permanent_session_lifetime.total_seconds())
    later = time.time() + (lifetime + shift if shift > 0 else shift)  # too old, or from the future
    monkeypatch.setattr(light.time, "time", lambda: later)
    assert dict(_open(app, value)) == {}


def test_a_new_secret_key_forgets_every_kept_cookie(app):
    value = _signed(app, {"_user_id": "7:token"})
    assert dict(_open(app, value)) == {"_user_id": "7:token"}
    previous = app.secret_key
    try:
        app.secret_key = "another-secret-key-for-this-test-only"
        assert dict(_open(app, value)) == {}
    finally:
        app.secret_key = previous
