"""Limits on the work a student's saves cause: page recounts, and how many blueprints they keep."""

from __future__ import annotations

from careercenter.plans import services

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
