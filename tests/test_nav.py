"""The layout's navigation: built once per role, page and institution, and still exact."""

from __future__ import annotations

import re

from careercenter import nav
from careercenter.tenancy.models import Role

NAV = re.compile(r'<nav class="container" aria-label="Main">(.*?)</nav>', re.S)


def _links(client, url: str) -> list[tuple[str, bool]]:
    html = client.get(url).get_data(as_text=True)
    found = re.findall(r'<a href="([^"]+)"( aria-current="page")?>', NAV.search(html).group(1))
    return [(href, bool(current)) for href, current in found]


def test_the_current_section_follows_the_page_and_the_institution(world, auth, client):
    auth.login_as(world.a.admin)
    home = _links(client, f"/{world.a.slug}/")
    cohorts = _links(client, f"/{world.a.slug}/cohorts")
    assert (f"/{world.a.slug}/", True) in home
    assert (f"/{world.a.slug}/cohorts", True) in cohorts
    assert (f"/{world.a.slug}/", False) in cohorts
    assert _links(client, f"/{world.a.slug}/") == home  # the kept links, unchanged
    auth.logout()
    auth.login_as(world.b.admin)
    assert all(
        href.startswith(f"/{world.b.slug}/")
        for href, _ in _links(client, f"/{world.b.slug}/")
        if href != "/account"
    )


def test_a_link_registered_later_shows(world, auth, client, monkeypatch):
    auth.login_as(world.a.student)
    before = _links(client, f"/{world.a.slug}/")
    monkeypatch.setattr(nav, "_entries", list(nav._entries))
    nav.register_nav("account.index", "Later link", [Role.STUDENT], order=99)
    after = _links(client, f"/{world.a.slug}/")
    assert len(after) == len(before) + 1


def test_query_url_gives_what_url_for_gives(app):
    queries = [
        {},
        {"level": "on_track"},
        {"page": 3, "sort": "score", "dir": "desc", "level": None, "q": None},
        {"page": 2, "q": "Zoë O'Neil & co/x?y=1#z", "role": "student", "status": "active"},
        {"q": "a b+c%d", "person": 7},
    ]
    with app.test_request_context("/northfield/cohorts/5"):
        path = nav.url_for("readiness.dashboard", slug="northfield", cohort_id=5)
        for query in queries:
            expected = nav.url_for("readiness.dashboard", slug="northfield", cohort_id=5, **query)
            assert nav.query_url(path, **query) == expected
