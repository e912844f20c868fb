"""A page's CSRF token is signed once a minute per session, and still checked as before."""

from __future__ import annotations

import re

import pytest

from careercenter import csrf_tokens

from . import factories
from .conftest import dispose, make_app

LAYOUT_TOKEN = re.compile(r'action="/logout".*?name="csrf_token"[^>]*value="([^"]+)"', re.S)


@pytest.fixture
def csrf_app(db_url):
    app = make_app(db_url, WTF_CSRF_ENABLED=True)
    csrf_tokens._signed.clear()
    yield app
    dispose(app)


def _signed_in(app, membership):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = {"csrf_token": token, "email": membership.user.email, "password": factories.PASSWORD}
    assert client.post("/login", data=data).status_code == 302
    return client


def _layout_token(client, slug: str) -> str:
    return LAYOUT_TOKEN.search(client.get(f"/{slug}/").get_data(as_text=True)).group(1)


def test_pages_within_a_minute_carry_one_signature(csrf_app, world, monkeypatch):
    signings = []
    generate = csrf_tokens.generate_csrf
    monkeypatch.setattr(csrf_tokens, "generate_csrf", lambda: signings.append(1) or generate())
    clock = [1000.0]
    monkeypatch.setattr(csrf_tokens.time, "monotonic", lambda: clock[0])
    client = _signed_in(csrf_app, world.a.student)  # the sign-in page signed one
    clock[0] += 61
    signings.clear()
    first = _layout_token(client, world.a.slug)
    clock[0] += 59
    assert _layout_token(client, world.a.slug) == first
    assert len(signings) == 1
    clock[0] += 2  # over a minute since it was signed: signed afresh
    _layout_token(client, world.a.slug)
    assert len(signings) == 2


def test_a_kept_token_is_accepted_and_belongs_to_its_session_only(csrf_app, world):
    student = _signed_in(csrf_app, world.a.student)
    advisor = _signed_in(csrf_app, world.a.advisor)
    _layout_token(student, world.a.slug)
    kept = _layout_token(student, world.a.slug)  # served from the kept signature
    theirs = _layout_token(advisor, world.a.slug)
    assert kept != theirs
    assert advisor.post("/logout", data={"csrf_token": kept}).status_code == 400
    assert student.post("/logout", data={"csrf_token": kept}).status_code == 302
    assert student.get(f"/{world.a.slug}/").status_code == 302  # signed out


def test_a_short_validity_shortens_the_reuse():
    assert csrf_tokens._reuse_window(8 * 3600) == csrf_tokens.REUSE_SECONDS
    assert csrf_tokens._reuse_window(600) == 6
    assert csrf_tokens._reuse_window(None) == csrf_tokens.REUSE_SECONDS
