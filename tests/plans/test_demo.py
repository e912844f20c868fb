"""Demo data: blueprints in every state for both institutions, made idempotently."""

from __future__ import annotations

from sqlalchemy import func, select

from careercenter.demo import seed_demo
from careercenter.extensions import db
from careercenter.plans.demo import SCRIPTS
from careercenter.plans.models import Plan, PlanRevision, PlanState, RevisionState
from careercenter.reviews.demo import JOURNEY_EMPLOYER
from careercenter.tenancy.scoping import tenant_scope


def test_demo_blueprints_cover_every_state(app):
    with app.app_context():
        seeded = seed_demo()
        seed_demo()  # idempotent
        for demo in seeded:
            with tenant_scope(demo.institution):
                states = set(db.session.execute(select(Plan.state)).scalars())
                revisions = set(db.session.execute(select(PlanRevision.state)).scalars())
                pages = db.session.execute(select(func.max(Plan.page_count))).scalar_one()
                count = db.session.execute(  # the reviews step adds its own journey
                    select(func.count(Plan.id)).where(Plan.employer != JOURNEY_EMPLOYER)
                ).scalar_one()
                choices = [p.content.leave_behind for p in db.session.scalars(select(Plan))]
                undated = db.session.execute(
                    select(Plan.id).where(
                        (Plan.first_interview_on.is_(None))
                        | (Plan.second_interview_on <= Plan.first_interview_on)
                    )
                ).first()
            assert {
                PlanState.DRAFT,
                PlanState.SUBMITTED,
                PlanState.CHANGES_REQUESTED,
                PlanState.APPROVED,
                PlanState.IN_REVIEW,
            } <= states
            assert undated is None  # every blueprint has a first and a later second interview
            assert RevisionState.CHANGES_REQUESTED in revisions
            assert pages == 1
            assert count == len(SCRIPTS[demo.institution.slug])
            # every leave-behind shows an email; some add a phone, a link, the research basis
            assert all(c is not None and c.email for c in choices)
            assert any(c.phone and c.link and c.research_basis and c.credit for c in choices)
        db.session.remove()
