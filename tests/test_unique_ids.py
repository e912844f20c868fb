"""No two elements of a page share an id, with CSRF on as in production.

The browser tests check ids on every page with CSRF off (tests post without tokens); here the
same page list is fetched from an app with CSRF on, since every form, the header's sign-out
included, carries a hidden `csrf_token`. Every form is a `formcheck.WebForm`, whose hidden
inputs have no id.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from flask_wtf import FlaskForm

from careercenter.formcheck import WebForm

from .browser.pages import DEMO_PASSWORD, every_page, seed_pages_data
from .conftest import dispose, make_app


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


def repeated_ids(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    return sorted(i for i, n in parser.ids.items() if n > 1)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_form_of_the_app_is_a_web_form(app):
    ours = {c for c in _subclasses(FlaskForm) if c.__module__.startswith("careercenter.")}
    assert len(ours) > 20
    strays = sorted(c.__qualname__ for c in ours if not issubclass(c, WebForm))
    assert not strays, f"forms not built on formcheck.WebForm: {strays}"


@pytest.fixture
def csrf_app(db_url, app):
    csrf = make_app(db_url, WTF_CSRF_ENABLED=True)
    yield csrf
    dispose(csrf)


def _sign_in(client, email: str) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token, "the sign-in form carries a CSRF token"
    response = client.post(
        "/login", data={"email": email, "password": DEMO_PASSWORD, "csrf_token": token[1]}
    )
    assert response.status_code == 302, email


@pytest.mark.slow  # seeds the demo and renders every page of every role
def test_every_page_has_unique_ids_with_csrf_on(csrf_app, arrange):
    ids = seed_pages_data()
    problems, signed_in, client = [], None, None
    for visit in every_page(csrf_app, ids):
        if visit.role != signed_in:
            client = csrf_app.test_client()
            _sign_in(client, visit.email)
            signed_in = visit.role
        response = client.get(visit.path)
        assert response.status_code == 200, (visit, response.status_code)
        html = response.get_data(as_text=True)
        assert "csrf_token" in html or "<form" not in html, visit  # (the printable page has none)
        if repeated := repeated_ids(html):
            problems.append(f"{visit.endpoint} as {visit.role}: {repeated}")
    assert not problems, "\n".join(problems)
