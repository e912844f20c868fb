"""Each action of a goal's phase is an element of its own: its id survives reordering, adding
and removing other actions in the editor, and a comment on it is current, "changed since" or
"orphaned" like any other; per-phase comments and documents stored before action ids still
resolve."""

from __future__ import annotations

from careercenter.plans.content import PlanDocument
from careercenter.reviews.anchors import AnchorState, elements

from ..plans.helpers import form_fields, load_plan, typical_content
from .helpers import anchor_states, latest_revision_id, review, screen_of, submitted

PHASE = "days_30"


def _url(world, plan_id, suffix=""):
    return f"/{world.a.slug}/blueprints/{plan_id}{suffix}"


def _post(client, world, plan_id, op="", **fields):
    """Post the editor as the page holds it now (with each action's hidden id), plus `fields`."""
    plan = load_plan(world.a, plan_id)
    data = form_fields(plan.content, plan.version) | {"op": op} | fields
    return client.post(_url(world, plan_id, "/save"), data=data)


def _actions(world, plan_id) -> list[tuple[str, str]]:
    goal = load_plan(world.a, plan_id).content.goals[0]
    return list(zip(goal.action_ids(PHASE), goal.actions(PHASE), strict=True))


def test_every_action_is_an_element_with_its_text():
    doc = PlanDocument.from_json(typical_content().to_json())
    found = elements(doc)
    for goal in doc.goals:
        for phase in ("days_30", "days_60", "days_90"):
            ids = goal.action_ids(phase)
            assert len(ids) == len(goal.actions(phase)) and len(set(ids)) == len(ids)
            for action_id, text in zip(ids, goal.actions(phase), strict=True):
                assert found[f"goal:{goal.id}:{phase}:{action_id}"].text == text
            phase_element = found[f"goal:{goal.id}:{phase}"]  # the per-phase anchor stays
            assert [p.id for p in phase_element.parts] == [
                f"goal:{goal.id}:{phase}:{a}" for a in ids
            ]


def test_editing_keeps_each_actions_id(world, auth, client, arrange):
    content = typical_content(goals=1)
    content.goals[0].days_30 = ["First", "Second", "Third"]
    plan_id, _ = submitted(world.a, content=content)
    auth.login_as(world.a.student)
    before = dict((text, a) for a, text in _actions(world, plan_id))
    page = client.get(_url(world, plan_id)).get_data(as_text=True)
    assert f'name="goals-0-days_30_ids-0" type="hidden" value="{before["First"]}"' in page

    _post(client, world, plan_id, "down:bullets:0:days_30:0")  # reorder
    assert _actions(world, plan_id) == [
        (before["Second"], "Second"),
        (before["First"], "First"),
        (before["Third"], "Third"),
    ]
    _post(client, world, plan_id, "remove:bullets:0:days_30:0")  # remove another
    assert _actions(world, plan_id) == [(before["First"], "First"), (before["Third"], "Third")]
    response = _post(client, world, plan_id, "add:bullets:0:days_30")  # add: a new, blank input
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="goals-0-days_30-2"' in page
    _post(client, world, plan_id, **{"goals-0-days_30-2": "Fourth"})
    actions = _actions(world, plan_id)
    assert actions[:2] == [(before["First"], "First"), (before["Third"], "Third")]
    assert actions[2][1] == "Fourth"
    assert actions[2][0] not in before.values()  # a removed action's id is never given again


def test_a_comment_on_an_action_is_current_changed_or_orphaned(world, auth, client, arrange):
    content = typical_content(goals=1)
    content.goals[0].days_30 = ["Keep me", "Edit me", "Remove me"]
    plan_id, first = submitted(world.a, content=content)
    ids = {text: a for a, text in _actions(world, plan_id)}
    goal = load_plan(world.a, plan_id).content.goals[0].id
    on = {text: f"goal:{goal}:{PHASE}:{a}" for text, a in ids.items()}
    review(
        world.a,
        plan_id,
        first,
        comments_on=[*on.values(), f"goal:{goal}:{PHASE}"],
        decision="changes_requested",
    )
    data = screen_of(world.a, plan_id, first, world.a.student)
    assert {v.comment.element_label for vs in data.by_element.values() for v in vs} >= {
        "Goal 1, Days 1–30, action 1",
        "Goal 1, Days 1–30, action 3",
    }

    # The student moves "Remove me" up, edits one, removes it, adds one, and resubmits.
    auth.login_as(world.a.student)
    _post(client, world, plan_id, "up:bullets:0:days_30:2")  # Keep, Remove, Edit
    _post(
        client,
        world,
        plan_id,
        "remove:bullets:0:days_30:1",
        **{"goals-0-days_30-2": "Edited, with a measure"},
    )
    _post(client, world, plan_id, "add:bullets:0:days_30")
    _post(client, world, plan_id, **{"goals-0-days_30-2": "Brand new"})
    plan = load_plan(world.a, plan_id)
    client.post(_url(world, plan_id, "/submit"), data=form_fields(plan.content, plan.version))
    second = latest_revision_id(world.a, plan_id)
    assert second != first

    data = screen_of(world.a, plan_id, second, world.a.advisor)
    assert anchor_states(data) == {
        f"About {on['Keep me']}": AnchorState.CURRENT,
        f"About {on['Edit me']}": AnchorState.CHANGED,
        f"About {on['Remove me']}": AnchorState.ORPHANED,
        f"About goal:{goal}:{PHASE}": AnchorState.CHANGED,  # the per-phase anchor still works
    }
    (orphan,) = data.orphaned
    assert orphan.comment.anchored_text == "Remove me"
    # The review screen shows each action with its comments beside it.
    auth.login_as(world.a.advisor)
    page = client.get(f"/{world.a.slug}/reviews/{second}").get_data(as_text=True)
    kept = f'id="el-goal-{goal}-days_30-{ids["Keep me"]}"'
    assert kept in page
    assert f"About {on['Keep me']}" in page.split(kept)[1].split("</li>")[0]


def test_a_document_stored_before_action_ids_reads_them_by_position():
    raw = typical_content(goals=2).to_json()
    for goal in raw["goals"]:
        for phase in ("days_30", "days_60", "days_90"):
            del goal[f"{phase}_ids"]
    first, second = PlanDocument.from_json(raw), PlanDocument.from_json(raw)
    assert first == second
    goal = first.goals[0]
    assert goal.action_ids(PHASE) == [f"a{n}" for n in range(1, len(goal.actions(PHASE)) + 1)]
    # The per-phase element of such a document keeps its id and text.
    old = elements(first)[f"goal:{goal.id}:{PHASE}"]
    assert old.text == "\n".join(goal.actions(PHASE))
