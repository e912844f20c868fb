"""The demo seed gives every cohort a checklist and students at every readiness level."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from careercenter.checklists.models import Assignment
from careercenter.demo import seed_demo
from careercenter.extensions import db
from careercenter.readiness.dashboard import cohort_dashboard
from careercenter.readiness.rules import Level
from careercenter.stages import blueprint_stage_source
from careercenter.tenancy.scoping import tenant_scope


def test_demo_seed_shows_every_level_and_is_idempotent(arrange):
    seeded = seed_demo()
    seed_demo()
    levels = Counter()
    for demo in seeded:
        with tenant_scope(demo.institution):
            assert db.session.execute(select(func.count()).select_from(Assignment)).scalar() == 2
            for cohort in demo.cohorts:
                board = cohort_dashboard(cohort.id, demo.institution.checklist_weight)
                levels.update({lvl: n for lvl, n in board.counts.items()})
    assert blueprint_stage_source() is not None, "the plans capability feeds blueprint stages"
    for level in Level:
        assert levels[level] > 0, level
