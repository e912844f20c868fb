"""Completeness rules and the blueprint document: reading JSON into it, list operations."""

from __future__ import annotations

import pytest

from careercenter.plans.completeness import BULLET_LIMIT, check
from careercenter.plans.content import (
    ContentError,
    Goal,
    InsiderConversation,
    InsiderRole,
    PlanDocument,
)
from careercenter.plans.editing import apply_list_op

from .helpers import typical_content


def messages(content) -> list[str]:
    return [f.message for f in check(content)]


def test_empty_blueprint_lists_every_gap():
    found = messages(PlanDocument())
    assert found[0].startswith("Before your first interview: prepare the hook")  # step one
    assert sum("Research:" in m for m in found) == 4
    assert "Log at least one conversation with an insider." in found
    assert "Add at least one goal." in found
    assert any("obstacle" in m for m in found)
    assert any("first 90 days help" in m for m in found)


def test_typical_blueprint_is_complete():
    assert check(typical_content()) == []


def test_one_unanswered_research_question():
    content = typical_content()
    content.research.duties = ""
    assert messages(content) == ["Research: answer the principal duties."]


def test_no_insider_logged():
    assert messages(typical_content(insiders=0)) == [
        "Log at least one conversation with an insider."
    ]


def test_goal_without_measure_and_without_a_phase():
    content = typical_content(goals=2)
    content.goals[1].measure = ""
    content.goals[1].days_60 = []
    found = check(content)
    assert [f.anchor for f in found] == ["goals-1", "goals-1"]
    assert "add a measure of success" in found[0].message
    assert "Days 31–60" in found[1].message


def test_bullet_over_the_limit_is_weak():
    content = typical_content(goals=1)
    content.goals[0].days_30 = ["x" * BULLET_LIMIT, "y" * (BULLET_LIMIT + 1)]
    (finding,) = check(content)
    assert finding.level == "weak"
    assert "1 action(s) over 160 characters" in finding.message


def test_obstacle_without_navigation():
    content = typical_content()
    content.obstacles[0].navigation = ""
    assert messages(content) == ["Obstacle 1: say how you will navigate it."]


def test_reading_json_trims_text_and_drops_blank_actions():
    raw = {"goals": [{"title": " Learn ", "days_30": [" one ", "", "two\r\nlines"]}]}
    document = PlanDocument.from_json(raw)
    assert document.goals == [
        Goal(title="Learn", days_30=["one", "two\nlines"], id="g1", days_30_ids=["a1", "a2"])
    ]
    assert document.research.duties == "" and document.insiders == []


def test_json_round_trip_keeps_the_stored_shape():
    content = typical_content()
    stored = content.to_json()
    assert stored["insiders"][0] == {
        "who": "current_incumbent",
        "name": "Sam Lee",
        "title": "Analyst",
        "date": "2026-10-01",
        "takeaways": "The Monday report is everything.",
        "id": "i1",
    }
    assert set(stored) == {
        "research", "insiders", "knowledge_plan", "goals", "obstacles", "impact", "hook",
        "leave_behind",
    }  # fmt: skip
    assert PlanDocument.from_json(stored) == content
    assert content.insiders[0].who is InsiderRole.CURRENT_INCUMBENT
    assert PlanDocument().to_json() == PlanDocument.from_json({}).to_json()
    blank = InsiderConversation()
    assert (blank.who, blank.date) == (InsiderRole.HIRING_MANAGER, None)


def test_a_stored_document_is_read_past_the_caps():
    stored = {"impact": "x" * 1501, "goals": [{"days_30": ["a"] * 7}] * 7}
    with pytest.raises(ContentError):
        PlanDocument.from_json(stored)
    read = PlanDocument.from_json(stored, caps=False)
    assert len(read.impact) == 1501 and len(read.goals) == 7


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda c: c.update(goals="nope"), "Goals must be a list"),
        (lambda c: c.update(goals=[{"days_30": "one\ntwo"}]), "must be a list of actions"),
        (lambda c: c.update(research="nope"), "Research must be a group of fields"),
        (lambda c: c["research"].update(duties=5), "must be text"),
        (lambda c: c.update(insiders=[{"who": "ceo"}]), "choose who"),
        (lambda c: c.update(insiders=[{"who": "other", "date": "1/2/3"}]), "must be a date"),
        (lambda c: c.update(impact="x" * 1501), "Impact has 1501 characters; the most is 1500"),
        (lambda c: c.update(goals=[{}] * 7), "at most 6 goals"),
        (lambda c: c.update(obstacles=[{}] * 9), "at most 8 obstacles"),
        (lambda c: c.update(insiders=[{}] * 21), "at most 20 insider conversations"),
        (lambda c: c.update(goals=[{"days_30": ["a"] * 7}]), "has 7 actions; the most is 6"),
        (
            lambda c: c.update(goals=[{"days_60": ["x" * 251]}]),
            "Goal 1, Days 31–60 has 251 characters; the most is 250",
        ),
    ],
)
def test_reading_json_refuses_bad_documents(mutate, message):
    content = PlanDocument().to_json()
    mutate(content)
    with pytest.raises(ContentError, match=message):
        PlanDocument.from_json(content)


def test_list_operations_keep_every_text():
    content = typical_content(goals=3)
    titles = [g.title for g in content.goals]
    moved, anchor = apply_list_op(content, "up:goals:2")
    assert [g.title for g in moved.goals] == [titles[0], titles[2], titles[1]]
    assert anchor == "goals-1"
    moved, _ = apply_list_op(moved, "down:goals:0")
    assert [g.title for g in moved.goals] == [titles[2], titles[0], titles[1]]
    added, anchor = apply_list_op(content, "add:obstacles")
    assert len(added.obstacles) == 3 and anchor == "obstacles-2"
    removed, _ = apply_list_op(content, "remove:insiders:0")
    assert len(removed.insiders) == 1
    assert len(content.insiders) == 2  # the original is untouched


@pytest.mark.parametrize("op", ["up:goals:0", "down:goals:2", "remove:goals:9", "x:goals:1", "add"])
def test_list_operations_out_of_range_change_nothing(op):
    content = typical_content(goals=3)
    assert apply_list_op(content, op)[0] == content


def test_a_leave_behind_without_any_contact_is_flagged_last():
    content = typical_content()
    content.leave_behind.email = ""
    assert check(content)[-1].anchor == "handout"
    assert messages(content) == [
        "The leave-behind gives no way to reach you: add an email, phone or link."
    ]
    content.leave_behind.phone = "+1 555 010 0142"
    assert check(content) == []
