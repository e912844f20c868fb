"""Security defaults: CSRF, safe redirects, rate limits, headers, error pages."""

from __future__ import annotations

import os
import re
import secrets

import pytest

from careercenter.security import is_safe_next

from .conftest import dispose, make_app


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
        "http://evil.example/x",
        "javascript:alert(1)",
        "/\t/evil.example",
        "\\\\evil.example",
        "",
        None,
        "evil.example",
    ],
)
def test_unsafe_next_is_refused(target):
    assert not is_safe_next(target)


@pytest.mark.parametrize("target", ["/", "/northfield/", "/northfield/cohorts?page=2"])
def test_local_next_is_accepted(target):
    assert is_safe_next(target)


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "https://evil.example"])
def test_login_never_redirects_off_site(target, world, auth):
    response = auth.login(world.a.student.user.email, next=target)
    assert response.status_code == 302
    assert response.location == "/institutions"


def test_login_follows_a_local_next(world, auth):
    response = auth.login(world.a.student.user.email, next=f"/{world.a.slug}/")
    assert response.location == f"/{world.a.slug}/"


@pytest.fixture
def csrf_client(db_url):
    app = make_app(db_url, WTF_CSRF_ENABLED=True)
    yield app, app.test_client()
    dispose(app)


# POST routes another site posts to by design, and what stands in for the CSRF token.
CSRF_EXEMPT = {
    "sso.saml_acs": "the IdP's HTTP-POST binding: a signed assertion answering a request this "
    "app sent, once (tests/sso/test_saml.py)",
}


def test_every_post_route_refuses_a_missing_csrf_token(csrf_client, world):
    app, client = csrf_client
    posts = [
        r for r in app.url_map.iter_rules() if "POST" in r.methods and r.endpoint not in CSRF_EXEMPT
    ]
    assert posts
    for rule in posts:
        values = {arg: (world.a.slug if arg == "slug" else "1") for arg in rule.arguments}
        url = rule.build(values, append_unknown=False)[1]
        response = client.post(url, data={"email": "a@b.c", "password": "x"})
        assert response.status_code == 400, f"{rule.endpoint} accepted a POST without CSRF"


def test_login_works_with_a_csrf_token(csrf_client, world):
    _app, client = csrf_client
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/login",
        data={
            "csrf_token": token,
            "email": world.a.admin.user.email,
            "password": "correct horse battery staple",
        },
    )
    assert response.status_code == 302


def test_sign_out_works_with_the_layout_token(csrf_client, world):
    # The layout writes the sign-out form's token itself (no form object per page).
    _app, client = csrf_client
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    email = world.a.admin.user.email
    data = {"csrf_token": token, "email": email, "password": "correct horse battery staple"}
    assert client.post("/login", data=data).status_code == 302
    home = client.get(f"/{world.a.slug}/").get_data(as_text=True)
    form = home.split('action="/logout"')[1].split("</form>")[0]
    layout_token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    assert client.post("/logout", data={}).status_code == 400
    assert client.post("/logout", data={"csrf_token": layout_token}).status_code == 302
    assert client.get(f"/{world.a.slug}/").status_code == 302  # signed out


def test_login_is_rate_limited_per_account_and_address(world, auth, client, app):
    email = world.a.admin.user.email
    codes = [auth.login(email, "wrong password!").status_code for _ in range(6)]
    assert codes[:5] == [200] * 5 and codes[5] == 429
    # From that address the pair stays refused, right password included...
    assert auth.login(email).status_code == 429
    # ...but the owner elsewhere signs in: a stranger cannot lock them out.
    elsewhere = app.test_client()
    response = elsewhere.post(
        "/login",
        data={"email": email, "password": "correct horse battery staple"},
        environ_base={"REMOTE_ADDR": "10.9.8.7"},
    )
    assert response.status_code == 302


def test_login_rate_limit_per_ip_spans_accounts(app, client, monkeypatch):
    assert app.config["LOGIN_RATE_LIMIT_IP"] == "300 per minute"  # a campus NAT fits under it
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT_IP", "20 per minute")
    codes = [
        client.post(
            "/login", data={"email": f"x{i}@people.example", "password": "nope"}
        ).status_code
        for i in range(21)
    ]
    assert codes[-1] == 429 and 429 not in codes[:20]
    assert "from your network" in client.post("/login", data={"email": "y@p.example"}).text


def test_rate_limit_page_is_friendly_and_json_for_json_clients(world, client):
    for _ in range(5):
        client.post("/login", data={"email": "a@people.example", "password": "wrong"})
    page = client.post("/login", data={"email": "a@people.example", "password": "wrong"})
    assert page.status_code == 429 and "Too many attempts" in page.get_data(as_text=True)
    as_json = client.post(
        "/login",
        data={"email": "a@people.example", "password": "wrong"},
        headers={"Accept": "application/json"},
    )
    assert as_json.status_code == 429 and as_json.json["status"] == 429


def test_limits_are_not_looked_up_for_a_page_that_declares_none(world, auth, client, monkeypatch):
    from careercenter.extensions import limiter

    auth.login_as(world.a.student)
    looked_up = []
    resolve = limiter.limit_manager.resolve_limits
    monkeypatch.setattr(
        limiter.limit_manager,
        "resolve_limits",
        lambda *args: looked_up.append(args[1]) or resolve(*args),
    )
    assert client.get(f"/{world.a.slug}/").status_code == 200
    assert looked_up == []
    assert limiter.has_request_wide_limits() is False


def test_a_default_limit_is_still_checked_before_every_request():
    from flask import Flask
    from flask_limiter.util import get_remote_address

    from careercenter.extensions import RouteLimiter

    app = Flask(__name__)
    app.add_url_rule("/open", "open", lambda: "open")
    RouteLimiter(
        get_remote_address, app=app, default_limits=["2 per minute"], storage_uri="memory://"
    )
    client = app.test_client()
    assert [client.get("/open").status_code for _ in range(3)] == [200, 200, 429]


def test_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_inline_script_in_pages(world, auth, client):
    auth.login_as(world.a.admin)
    page = client.get(f"/{world.a.slug}/").get_data(as_text=True)
    assert "<script>" not in page and "onclick" not in page


def test_404_page_html_and_json(client):
    page = client.get("/no/such/page")
    assert page.status_code == 404 and "find that page" in page.get_data(as_text=True)
    data = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert data.status_code == 404 and data.json == {
        "error": "Not Found",
        "status": 404,
        "message": "We couldn't find that page",
    }


def test_oversize_upload_is_refused(client):
    response = client.post("/login", data={"email": "a" * (3 * 1024 * 1024)})
    assert response.status_code == 413


def _keep_test_limiter_storage(monkeypatch):
    """Apps built here reconfigure the process-wide limiter: keep it on the suite's storage."""
    if os.environ.get("TEST_REDIS_URL"):
        monkeypatch.setenv("REDIS_URL", os.environ["TEST_REDIS_URL"])


def test_production_refuses_to_start_without_secret_key(monkeypatch, tmp_path):
    from careercenter import create_app
    from careercenter.config import ProductionConfig

    _keep_test_limiter_storage(monkeypatch)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def test_session_cookies_are_secure_in_production(monkeypatch, tmp_path):
    from careercenter import create_app
    from careercenter.config import ProductionConfig

    _keep_test_limiter_storage(monkeypatch)
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    monkeypatch.setenv("SERVER_NAME", "careers.example.edu")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    app = create_app(ProductionConfig)
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"]


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok"}


def test_rate_limits_use_redis_when_configured(db_url):
    from careercenter.extensions import limiter

    app = make_app(db_url)  # the limiter is one per process: the newest app configures it
    try:
        storage = type(limiter.storage).__name__
        assert storage == ("RedisStorage" if app.config.get("REDIS_URL") else "MemoryStorage")
    finally:
        dispose(app)


def test_unexpected_error_gets_a_friendly_500_and_is_logged(db_url, caplog):
    app = make_app(db_url)

    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    try:
        response = app.test_client().get("/boom")
        assert response.status_code == 500
        assert "Something went wrong on our side" in response.get_data(as_text=True)
        assert "kaboom" not in response.get_data(as_text=True)
        assert any("Unhandled error" in r.message for r in caplog.records)
    finally:
        dispose(app)


def test_forbidden_page_is_friendly(db_url):
    from flask import abort

    app = make_app(db_url)

    @app.get("/nope")
    def nope():
        abort(403)

    try:
        response = app.test_client().get("/nope")
        assert response.status_code == 403 and "access" in response.get_data(as_text=True)
    finally:
        dispose(app)


def test_successful_sign_ins_from_one_address_are_not_limited(world, auth, arrange):
    """A computer lab behind one address: many people signing in successfully."""
    from . import factories

    people = [factories.create_member(world.a.institution, "student") for _ in range(22)]
    for member in people:
        assert auth.login(member.user.email).status_code == 302
        auth.logout()


def test_security_headers_reach_every_kind_of_answer(client, world, auth):
    redirect = client.get(f"/{world.a.slug}/")  # anonymous: sent to sign in
    missing = client.get("/no/such/page")
    for response in (redirect, missing):
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers.getlist("X-Content-Type-Options") == ["nosniff"]
    assert missing.headers["Cache-Control"] == "no-store"  # an HTML page
    assert "Cache-Control" not in client.get("/ping").headers  # plain text


def test_a_views_own_security_header_wins(db_url):
    from flask import Response

    app = make_app(db_url)

    @app.get("/framed")
    def framed():
        response = Response("<p>hi</p>", mimetype="text/html")
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["Cache-Control"] = "private, max-age=60"
        return response

    try:
        response = app.test_client().get("/framed")
        assert response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
        assert response.headers.getlist("Cache-Control") == ["private, max-age=60"]
        assert response.headers["Referrer-Policy"] == "same-origin"
    finally:
        dispose(app)
