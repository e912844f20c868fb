"""Every page without ids in its URL passes axe-core, for a role that may see it.

Generated from the URL map, so a new page is scanned without anyone remembering to add it.
Pages with ids are scanned by their capability's own browser tests.
"""

from __future__ import annotations

import pytest
from flask import url_for

from careercenter.tenancy.models import Role

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def slug_pages(app) -> list[tuple[Role, str]]:
    """Return (a role allowed to see it, endpoint) for each GET page that takes only the slug."""
    pages = []
    for rule in app.url_map.iter_rules():
        if set(rule.arguments) != {"slug"} or "GET" not in rule.methods:
            continue
        if rule.rule.endswith((".pdf", ".csv", ".json")):
            continue
        if getattr(app.view_functions[rule.endpoint], "outside_tenant", False):
            continue  # single sign-on's public pages: scanned in test_sso.py
        roles = getattr(app.view_functions[rule.endpoint], "allowed_roles", set(Role))
        pages.append((sorted(roles)[0], rule.endpoint))
    return sorted(pages)


def test_every_slug_page_passes_axe(app, page, world):
    pages = slug_pages(app)
    assert len(pages) > 10
    signed_in = None
    for role, endpoint in pages:
        if role != signed_in:
            page.context.clear_cookies()
            sign_in(page, world.a.member(role).user.email)
            signed_in = role
        with app.test_request_context():
            path = url_for(endpoint, slug=world.a.slug)
        response = page.goto(path)
        assert response is not None and response.status < 400, f"{endpoint}: {response.status}"
        assert_accessible(page, f"{endpoint} as {role}")
