"""Limits on the work a student's saves cause: page recounts, and how many blueprints they keep."""

from __future__ import annotations

import pytest

from careercenter.extensions import db
from careercenter.plans import services
from careercenter.tenancy.scoping import tenant_scope

from .helpers import form_fields, load_plan, make_plan, typical_content


def test_explicit_saves_recount_at_most_once_per_interval(
    world, auth, client, arrange, renders, monkeypatch
):
    plan_id = make_plan(world.a, content=typical_content())  # counted at creation
    auth.login_as(world.a.student)
    renders.clear()
    plan = load_plan(world.a, plan_id)
    fields = form_fields(plan.content, plan.version)
    for n in range(3):
        plan = load_plan(world.a, plan_id)
        saved = fields | {"version": str(plan.version), "impact": f"Change {n}"}
        client.post(f"/{world.a.slug}/blueprints/{plan_id}/save", data=saved)
    assert renders == []
    assert services.page_count_pending(load_plan(world.a, plan_id))
    editor = client.get(f"/{world.a.slug}/blueprints/{plan_id}").get_data(as_text=True)
    assert 'data-recount-in="' in editor  # the editor's script saves again when it is due

    monkeypatch.setattr(services, "RECOUNT_INTERVAL", services.RECOUNT_INTERVAL * 0)
    plan = load_plan(world.a, plan_id)
    client.post(
        f"/{world.a.slug}/blueprints/{plan_id}/save",
        data=fields | {"version": str(plan.version), "impact": "Change 2"},
    )
    assert len(renders) == 1
    assert not services.page_count_pending(load_plan(world.a, plan_id))


def test_a_student_may_keep_a_limited_number_of_blueprints(
    world, auth, client, arrange, app, monkeypatch
):
    for flask_app in (app, arrange):
        monkeypatch.setitem(flask_app.config, "MAX_BLUEPRINTS_PER_STUDENT", 2)
    make_plan(world.a)
    make_plan(world.a)
    auth.login_as(world.a.student)
    page = client.get(f"/{world.a.slug}/blueprints/new")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "You have 2 blueprints, the most" in text
    assert 'name="employer"' not in text
    refused = client.post(
        f"/{world.a.slug}/blueprints/new", data={"employer": "Acme", "role_title": "Analyst"}
    )
    assert refused.status_code == 422 and "the most one student can keep" in refused.text
    with tenant_scope(world.a.institution):
        with pytest.raises(services.PlanLimitReached):
            services.create_plan(world.a.student, {"employer": "Acme", "role_title": "Analyst"})
        db.session.rollback()
    assert len(client.get(f"/{world.a.slug}/blueprints").text.split("card-link")) == 3

    other = make_plan(world.b)  # the limit is per student: another institution is unaffected
    assert other
