"""Production answers only to its own host names, so mailed links never name another host."""

from __future__ import annotations

import secrets

import pytest

from .conftest import dispose, make_app
from .members.conftest import Outbox

HOST = "careers.example.edu"


@pytest.fixture(params=["SERVER_NAME", "TRUSTED_HOSTS"])
def production(request, db_url, tmp_path, app):
    """A production-configured app (CSRF on) behind one nginx hop, named either way."""
    prod = make_app(
        db_url,
        ENV_NAME="production",
        SECRET_KEY=secrets.token_urlsafe(48),
        PREFERRED_URL_SCHEME="https",
        BASE_URL=None,  # derived from the host name, as in production
        TRUSTED_PROXIES=1,
        WTF_CSRF_ENABLED=True,
        MAIL_OUTBOX=str(tmp_path / "prod-outbox"),
        **{request.param: HOST},
    )
    yield prod
    dispose(prod)
    dispose(make_app(db_url))  # the limiter is per process: give it back to the suite's app


def _mails(prod) -> list[str]:
    return [message.get_content() for message in Outbox(prod).messages()]


def _ask_for_reset(client, email: str, host: str):
    """Ask for a reset link as a browser would (form, token, Referer) on https://`host`."""
    headers = {"X-Forwarded-Proto": "https", "Referer": f"https://{host}/password/forgot"}
    base = f"http://{host}"
    page = client.get("/password/forgot", base_url=base, headers=headers)
    if page.status_code != 200:
        return page
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1]
    data = {"email": email, "csrf_token": token.split('"')[0]}
    return client.post("/password/forgot", data=data, base_url=base, headers=headers)


def test_password_reset_asked_through_another_host_is_refused(production, world):
    response = _ask_for_reset(production.test_client(), world.a.student.user.email, "evil.example")
    assert response.status_code == 400
    assert "evil.example" not in response.get_data(as_text=True)
    assert _mails(production) == []


def test_a_forwarded_host_is_checked_too(production):
    client = production.test_client()
    response = client.get(
        "/password/forgot", base_url=f"http://{HOST}", headers={"X-Forwarded-Host": "evil.example"}
    )
    assert response.status_code == 400


def test_password_reset_link_names_the_site(production, world):
    response = _ask_for_reset(production.test_client(), world.a.student.user.email, HOST)
    assert response.status_code == 302
    (mail,) = _mails(production)
    assert f"https://{HOST}/password/reset/" in mail


@pytest.mark.parametrize("path", ["/login", "/ping", "/healthz", "/no-such-page", "/uni/"])
def test_every_path_answers_400_to_an_unknown_host(production, path):
    response = production.test_client().get(path, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "does not answer to that host" in response.get_data(as_text=True)
    assert response.headers["X-Frame-Options"] == "DENY"  # still our headers


def test_unknown_host_is_told_in_json_to_json_clients(production):
    response = production.test_client().get(
        "/login", headers={"Host": "evil.example", "Accept": "application/json"}
    )
    assert response.status_code == 400 and response.json["status"] == 400


def test_development_answers_any_host(client):
    assert client.get("/login", headers={"Host": "laptop.local:5000"}).status_code == 200
