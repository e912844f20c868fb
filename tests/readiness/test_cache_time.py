"""The cached assessment stays exact in time: it is redone at the first moment a level could
change (the 7-day rule on requested changes), never served past it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from careercenter.extensions import db
from careercenter.plans import document, services
from careercenter.plans.models import Plan
from careercenter.readiness.dashboard import cohort_readiness
from careercenter.readiness.rules import (
    STALE_CHANGES_AFTER,
    Facts,
    Level,
    level,
    level_changes_at,
)
from careercenter.stages import BlueprintStage
from careercenter.tenancy.scoping import tenant_scope
from tests.plans.helpers import make_plan

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
ASKED = NOW - STALE_CHANGES_AFTER + timedelta(hours=1)


def changes(asked=ASKED, touched=None, **kw) -> Facts:
    return Facts(
        required_total=2,
        items_touched=1,
        stage=BlueprintStage.CHANGES_REQUESTED,
        changes_requested_at=asked,
        blueprint_updated_at=touched,
        **kw,
    )


@pytest.mark.parametrize(
    "facts, expected",
    [
        (changes(), ASKED + STALE_CHANGES_AFTER),
        (changes(touched=ASKED + timedelta(minutes=1)), None),  # worked on since
        (changes(asked=NOW - STALE_CHANGES_AFTER), None),  # already stale
        (Facts(stage=BlueprintStage.SUBMITTED), None),
        (Facts(stage=BlueprintStage.CHANGES_REQUESTED), None),  # no date: never stale
    ],
)
def test_level_changes_at(facts, expected):
    assert level_changes_at(facts, NOW) == expected


@pytest.mark.parametrize(
    "facts",
    [changes(), changes(overdue=1), changes(touched=ASKED - timedelta(days=1)), Facts()],
)
def test_the_level_holds_until_the_moment_given(facts):
    until = level_changes_at(facts, NOW)
    end = until or NOW + timedelta(days=30)
    moments = [NOW + (end - NOW) * i / 50 for i in range(50)] + [end - timedelta(microseconds=1)]
    assert {level(facts, t) for t in moments} == {level(facts, NOW)}


def test_the_cached_dashboard_turns_at_risk_at_the_exact_moment(world, arrange, monkeypatch):
    monkeypatch.setattr(document, "count_html_pages", lambda html: 1)
    a = world.a
    plan_id = make_plan(a, submit=True)
    with tenant_scope(a.institution):
        plan = db.session.get(Plan, plan_id)
        services.request_changes(plan)
        plan.changes_requested_at = ASKED
        plan.updated_at = ASKED - timedelta(hours=1)
        db.session.commit()
        turn = ASKED + STALE_CHANGES_AFTER

        def level_at(moment):
            return cohort_readiness(a.cohort.id, 70, moment).rows[0].readiness.level

        assert level_at(NOW) is Level.ON_TRACK
        assert level_at(turn - timedelta(microseconds=1)) is Level.ON_TRACK
        assert level_at(turn) is Level.AT_RISK
        # Asked again about an earlier moment, the assessment is redone, not reused.
        assert level_at(NOW) is Level.ON_TRACK
