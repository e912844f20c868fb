"""Demo outcomes: every step reached by someone in each demo institution, so the report shows
conversions; seeding twice adds nothing."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from careercenter.demo import seed_demo
from careercenter.extensions import db
from careercenter.outcomes.models import Outcome, Step
from careercenter.outcomes.report import Filters, conversion_report
from careercenter.tenancy import clock
from careercenter.tenancy.scoping import tenant_scope


def test_demo_outcomes_reach_every_step(app):
    with app.app_context():
        seeded = seed_demo()
        seed_demo()  # idempotent
        for demo in seeded:
            with tenant_scope(demo.institution):
                steps = Counter(db.session.execute(select(Outcome.step)).scalars())
                report = conversion_report(demo.admin, Filters(), clock.utc_now())
                answers = set(
                    db.session.execute(
                        select(Outcome.sponsor_agreed).where(Outcome.step == Step.HOOK_ASKED)
                    ).scalars()
                )
            assert set(steps) == set(Step)
            assert steps[Step.FIRST_INTERVIEW] > steps[Step.OFFER_ACCEPTED]  # a real funnel
            assert answers == {True, False}
            approved, not_approved = report.by_stage
            assert approved.students and not_approved.students
            assert approved.reached[-1] >= 1
            assert report.everyone.conversion(1) is not None
