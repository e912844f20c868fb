"""Health routes: /healthz checks the database, /ping answers without it."""

from __future__ import annotations

import pytest


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_ping_answers_ok_as_text(client):
    response = client.get("/ping")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "ok"


def test_ping_makes_no_database_query(client, count_queries):
    client.get("/ping")  # warm up: first-request work is not the route's
    with count_queries() as statements:
        response = client.get("/ping")
    assert response.status_code == 200
    assert statements == []


def test_ping_is_exempt_from_rate_limits():
    from careercenter.extensions import limiter

    # Flask-Limiter keeps exemptions by the view's qualified name; a benchmark baseline that
    # could answer 429 would make every ratio meaningless.
    assert any(name.startswith("careercenter.health.ping") for name in limiter._route_exemptions)


def test_ping_leaves_the_session_alone_but_keeps_the_security_headers(client, auth, world):
    auth.login_as(world.a.admin)  # a signed-in browser: the cookie comes with the request
    response = client.get("/ping")
    assert response.status_code == 200
    assert "Cookie" not in response.headers.get("Vary", "")
    assert "Set-Cookie" not in response.headers
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_still_touch_the_session(client, auth, world):
    auth.login_as(world.a.admin)
    response = client.get(f"/{world.a.slug}/")
    assert response.status_code == 200
    assert "Cookie" in response.headers.get("Vary", "")


def test_ping_never_opens_the_session(client, auth, world, monkeypatch):
    from careercenter.light import CachedSessionInterface

    auth.login_as(world.a.admin)

    def refuse(*_args):
        raise AssertionError("the session was opened")

    # What any opening does first: find the signer and the kept cookies.
    monkeypatch.setattr(CachedSessionInterface, "_serializer_and_opened", refuse)
    assert client.get("/ping").status_code == 200
    with pytest.raises(AssertionError, match="the session was opened"):
        client.get("/login")


def test_other_methods_on_ping_take_the_full_path(client):
    response = client.post("/ping")  # not the light rule: hooks and session as any request
    assert response.status_code == 405
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_session_signer_is_built_once_per_secret_key(app):
    interface = app.session_interface
    first = interface.get_signing_serializer(app)
    assert interface.get_signing_serializer(app) is first
    previous = app.secret_key
    try:
        app.secret_key = "another-secret-key-for-this-test-only"
        rotated = interface.get_signing_serializer(app)
        assert rotated is not first
        assert rotated.loads(rotated.dumps({"a": 1})) == {"a": 1}
        with pytest.raises(Exception, match="Signature"):
            rotated.loads(first.dumps({"a": 1}))
    finally:
        app.secret_key = previous
