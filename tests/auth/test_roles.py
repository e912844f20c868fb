"""Role tests: each role reaches its home; pages for other roles answer 403."""

from __future__ import annotations

import pytest
from flask import url_for

from careercenter.tenancy.models import Role

from ..conftest import make_app

HEADINGS = {"admin": "at a glance", "advisor": "Your cohorts", "student": "How Career Center helps"}


@pytest.mark.parametrize("role", ["admin", "advisor", "student"])
def test_each_role_gets_its_own_home(role, world, auth, client):
    auth.login_as(world.a.member(role))
    page = client.get(f"/{world.a.slug}/").get_data(as_text=True)
    assert HEADINGS[role] in page


def _role_restricted_routes():
    app = make_app("sqlite://")
    params = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        allowed = getattr(view, "allowed_roles", None)
        if allowed and set(rule.arguments) == {"slug"} and "GET" in rule.methods:
            for role in set(Role) - allowed:
                params.append(pytest.param(rule.endpoint, role, id=f"{rule.endpoint}-{role}"))
    return params or [pytest.param(None, None, id="none-yet")]


@pytest.mark.parametrize(("endpoint", "role"), _role_restricted_routes())
def test_roles_without_access_get_403(endpoint, role, app, world, auth, client):
    if endpoint is None:
        pytest.skip("no role-restricted page yet")
    with app.test_request_context():
        url = url_for(endpoint, slug=world.a.slug)
    auth.login_as(world.a.member(role))
    assert client.get(url).status_code == 403
