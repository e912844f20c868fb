"""The readiness rules at every boundary: levels, weights, overdue, verification."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from careercenter.checklists.rules import is_complete, is_overdue
from careercenter.readiness.rules import (
    Facts,
    Level,
    assess,
    changes_stale,
    completion,
    level,
    score,
)
from careercenter.stages import BlueprintStage as Stage

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


def facts(**kw) -> Facts:
    return Facts(**{"required_total": 4, **kw})


def test_completion_is_required_complete_over_required():
    assert completion(0, 4) == 0
    assert completion(3, 4) == 0.75
    assert completion(4, 4) == 1
    assert completion(0, 0) == 0  # nothing required: nothing to credit
    assert completion(5, 4) == 1  # never above 100 %


@pytest.mark.parametrize(
    ("status", "needs_verification", "complete"),
    [
        ("todo", False, False),
        ("done", False, True),
        ("done", True, False),  # waits for the advisor
        ("verified", True, True),
        ("verified", False, True),
        ("returned", False, False),
        ("returned", True, False),
    ],
)
def test_item_counts_as_complete_only_when_verified_where_needed(
    status, needs_verification, complete
):
    assert is_complete(status, needs_verification) is complete


@pytest.mark.parametrize(
    ("status", "required", "due_on", "overdue"),
    [
        ("todo", True, TODAY - timedelta(days=1), True),
        ("todo", True, TODAY, False),  # due today is not yet late
        ("returned", True, TODAY - timedelta(days=1), True),
        ("done", True, TODAY - timedelta(days=1), False),  # awaiting verification: not late
        ("verified", True, TODAY - timedelta(days=1), False),
        ("todo", False, TODAY - timedelta(days=1), False),  # optional items are never overdue
    ],
)
def test_overdue(status, required, due_on, overdue):
    assert is_overdue(status, required, due_on, TODAY) is overdue


def test_not_started_when_nothing_done_and_no_blueprint():
    assert level(facts(), NOW) is Level.NOT_STARTED
    assert level(Facts(), NOW) is Level.NOT_STARTED


def test_any_touched_item_or_any_blueprint_leaves_not_started():
    assert level(facts(items_touched=1), NOW) is Level.ON_TRACK
    assert level(facts(stage=Stage.DRAFT), NOW) is Level.ON_TRACK


def test_one_overdue_item_is_at_risk_even_when_nothing_started():
    assert level(facts(overdue=1), NOW) is Level.AT_RISK
    assert level(facts(overdue=1, items_touched=3, required_complete=3), NOW) is Level.AT_RISK


@pytest.mark.parametrize(
    ("days_ago", "touched_after", "at_risk"),
    [
        (7, False, True),  # exactly seven days untouched
        (6, False, False),
        (30, True, False),  # the student edited since the request
    ],
)
def test_changes_requested_untouched_for_7_days_is_at_risk(days_ago, touched_after, at_risk):
    requested = (
        NOW - timedelta(days=days_ago) + (timedelta(seconds=1) if days_ago == 6 else timedelta())
    )
    updated = requested + timedelta(hours=1) if touched_after else requested - timedelta(hours=1)
    f = facts(
        items_touched=1,
        stage=Stage.CHANGES_REQUESTED,
        changes_requested_at=requested,
        blueprint_updated_at=updated,
    )
    assert changes_stale(f, NOW) is at_risk
    assert (level(f, NOW) is Level.AT_RISK) is at_risk


def test_six_days_23_hours_is_not_yet_stale():
    f = facts(
        stage=Stage.CHANGES_REQUESTED,
        changes_requested_at=NOW - timedelta(days=7) + timedelta(minutes=1),
    )
    assert not changes_stale(f, NOW)


def test_interview_ready_needs_every_required_item_and_an_approved_blueprint():
    assert level(facts(required_complete=4, items_touched=4, stage=Stage.APPROVED), NOW) is (
        Level.INTERVIEW_READY
    )
    assert level(facts(required_complete=3, items_touched=3, stage=Stage.APPROVED), NOW) is (
        Level.ON_TRACK
    )
    assert level(facts(required_complete=4, items_touched=4, stage=Stage.SUBMITTED), NOW) is (
        Level.ON_TRACK
    )
    # No checklist at all is not "every required item complete".
    assert level(Facts(stage=Stage.APPROVED), NOW) is Level.ON_TRACK


def test_interview_ready_wins_over_a_past_due_date_once_everything_is_complete():
    f = facts(required_complete=4, items_touched=4, overdue=0, stage=Stage.APPROVED)
    assert level(f, NOW) is Level.INTERVIEW_READY


@pytest.mark.parametrize(
    ("share", "stage", "weight", "expected"),
    [
        (0, Stage.NONE, 70, 0),
        (1, Stage.NONE, 70, 70),
        (1, Stage.APPROVED, 70, 100),
        (0, Stage.APPROVED, 70, 30),
        (0.5, Stage.SUBMITTED, 70, 50),  # 35 + 15
        (0.5, Stage.DRAFT, 70, 42),  # 35 + 7.5 rounds to 42 (banker's rounding of 42.5)
        (1, Stage.NONE, 100, 100),
        (0, Stage.APPROVED, 100, 0),
        (1, Stage.NONE, 0, 0),
        (0, Stage.APPROVED, 0, 100),
        (0.25, Stage.CHANGES_REQUESTED, 60, 35),  # 15 + 20
        (1, Stage.APPROVED, 150, 100),  # weights are clamped to 0–100
    ],
)
def test_score_uses_the_institution_weights(share, stage, weight, expected):
    assert score(share, stage, weight) == expected


def test_assess_puts_it_together():
    result = assess(facts(required_complete=2, items_touched=2, overdue=1), NOW, 70)
    assert (result.level, result.score, result.percent, result.overdue) == (
        Level.AT_RISK,
        35,
        50,
        1,
    )


def test_dates_are_compared_as_dates():
    assert is_overdue("todo", True, date(2026, 11, 25), date(2026, 11, 26))
