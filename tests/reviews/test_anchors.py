"""Comments anchored to elements survive reordering, edits (changed since), removals
(orphaned, still readable) and three rounds of revisions."""

from __future__ import annotations

import copy

from careercenter.extensions import db
from careercenter.plans import services as plan_services
from careercenter.plans.models import Plan, PlanRevision
from careercenter.reviews.anchors import AnchorState, elements
from careercenter.tenancy.scoping import tenant_scope

from ..plans.helpers import typical_content
from .helpers import anchor_states, latest_revision_id, review, screen_of, submitted


def _resubmit(tenant, plan_id, edit) -> int:
    with tenant_scope(tenant.institution):
        plan = db.session.get(Plan, plan_id)
        content = copy.deepcopy(plan.content)
        edit(content)
        plan_services.save_plan(plan, plan.version, {}, content, count_pages=False)
        plan_services.submit_plan(plan)
        db.session.commit()
    return latest_revision_id(tenant, plan_id)


def test_every_element_has_an_id_and_phase_ids_follow_their_goal():
    doc = typical_content()
    ids = elements(doc)
    goal = doc.goals[1].id
    assert {f"goal:{goal}", f"goal:{goal}:days_30", "impact", "section:goals"} <= set(ids)
    assert ids[f"goal:{goal}:days_60"].lines == tuple(doc.goals[1].days_60)
    assert all(f"insider:{i.id}" in ids for i in doc.insiders)
    assert all(f"obstacle:{o.id}" in ids for o in doc.obstacles)


def test_comments_survive_reorder_edit_removal_and_three_rounds(world, arrange):
    content = typical_content()
    content.goals[1].title = "Goal two, moved later"
    plan_id, first = submitted(world.a, content=content)
    with tenant_scope(world.a.institution):
        doc = db.session.get(PlanRevision, first).content
    goal, obstacle = doc.goals[1].id, doc.obstacles[-1].id
    review(
        world.a,
        plan_id,
        first,
        comments_on=[f"goal:{goal}", f"obstacle:{obstacle}", "impact"],
        decision="changes_requested",
    )

    def second_edit(c):
        c.goals.insert(0, c.goals.pop(1))  # reorder: the commented goal moves first
        c.impact = "Managers plan staffing two days earlier."  # edit
        c.obstacles.pop()  # removal

    second = _resubmit(world.a, plan_id, second_edit)
    data = screen_of(world.a, plan_id, second, world.a.advisor)
    assert anchor_states(data) == {
        f"About goal:{goal}": AnchorState.CURRENT,
        "About impact": AnchorState.CHANGED,
        f"About obstacle:{obstacle}": AnchorState.ORPHANED,
    }
    (orphan,) = data.orphaned
    assert orphan.comment.anchored_text.startswith("Obstacle 2: three data sources")
    assert data.by_element[f"goal:{goal}"][0].round == 1

    review(
        world.a,
        plan_id,
        second,
        comments_on=[f"goal:{goal}:days_30"],
        decision="changes_requested",
    )

    def third_edit(c):
        c.goals[0].days_30 = ["Shadow the analyst for two weeks"]

    third = _resubmit(world.a, plan_id, third_edit)
    data = screen_of(world.a, plan_id, third, world.a.student)
    assert anchor_states(data) == {
        f"About goal:{goal}": AnchorState.CURRENT,
        "About impact": AnchorState.CHANGED,
        f"About obstacle:{obstacle}": AnchorState.ORPHANED,
        f"About goal:{goal}:days_30": AnchorState.CHANGED,
    }
    assert [r.number for r in data.rounds] == [2, 1]
    assert data.compared_with == 2
    assert data.changes is not None and data.changes["goals"].changed
    assert not data.changes["obstacles"].changed and not data.changes["impact"].changed
    # the first round stays readable as it was: every comment beside its element, unchanged
    data = screen_of(world.a, plan_id, first, world.a.student)
    assert set(anchor_states(data).values()) == {AnchorState.CURRENT}
    assert len(anchor_states(data)) == 3
