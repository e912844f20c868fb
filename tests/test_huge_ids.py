"""Ids beyond the database's `integer` answer 404 on every route, before any view runs.

Generated from `app.url_map`: every rule with an `<int:…>` argument is requested, signed in
with the role its cross-tenant case names (any member for routes outside an institution),
with that argument set past the column's range.
Unbounded, 2**63 reached the driver and failed there (OverflowError: a 500).
"""

from __future__ import annotations

import pytest
from flask import url_for
from werkzeug.routing import IntegerConverter

from careercenter.tenancy.converters import MAX_ID

from .conftest import make_app
from .tenancy.cases import CASES, load_all

TOO_BIG = (2**31, 2**63, 10**40)


def _int_args(rule) -> list[str]:
    return [name for name, conv in rule._converters.items() if isinstance(conv, IntegerConverter)]


def _id_rules():
    app = make_app("sqlite://")
    load_all()
    return [
        pytest.param(rule.endpoint, sorted(rule.methods - {"HEAD", "OPTIONS"}), id=rule.endpoint)
        for rule in app.url_map.iter_rules()
        if _int_args(rule)
    ]


ID_RULES = _id_rules()


def test_there_are_id_routes_to_check():
    assert len(ID_RULES) > 30


@pytest.mark.parametrize(("endpoint", "methods"), ID_RULES)
def test_an_id_out_of_range_is_404(endpoint, methods, app, world, auth, client):
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    case = CASES.get(endpoint)
    if "slug" in rule.arguments:
        assert case is not None, f"{endpoint}: add a case in tests/tenancy/cases/"
        values, member = {**case.build(world), "slug": world.b.slug}, world.b.member(case.role)
    else:  # the person's own things (their sign-in sessions): any signed-in person
        values, member = {name: 1 for name in _int_args(rule)}, world.b.admin
    auth.login_as(member)
    for name in _int_args(rule):
        for huge in TOO_BIG:
            with app.test_request_context():
                url = url_for(endpoint, **{**values, name: huge})
            for method in methods:
                response = client.open(url, method=method, data={})
                assert response.status_code == 404, (method, url, response.status_code)


@pytest.mark.parametrize("cohort_id", [0, 1, MAX_ID])
def test_ids_within_range_still_match(app, cohort_id):
    adapter = app.url_map.bind("localhost")
    endpoint, values = adapter.match(f"/uni/cohorts/{cohort_id}/people")
    assert (endpoint, values["cohort_id"]) == ("cohorts.people", cohort_id)
