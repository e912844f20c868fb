"""Demo reviews: every state, and a resubmission with two rounds of anchored feedback."""

from __future__ import annotations

from sqlalchemy import select

from careercenter.demo import seed_demo
from careercenter.extensions import db
from careercenter.plans.models import Plan, PlanRevision
from careercenter.reviews import screen
from careercenter.reviews.anchors import AnchorState
from careercenter.reviews.demo import JOURNEY_EMPLOYER
from careercenter.reviews.models import Decision, Review, ReviewState
from careercenter.tenancy.scoping import tenant_scope


def test_demo_reviews_cover_every_state(app):
    with app.app_context():
        seeded = seed_demo()
        seed_demo()  # idempotent
        for demo in seeded:
            with tenant_scope(demo.institution):
                reviews = db.session.execute(select(Review)).scalars().all()
                kinds = {(r.state, r.decision) for r in reviews}
                assert {
                    (ReviewState.DRAFT, None),
                    (ReviewState.PUBLISHED, Decision.APPROVED),
                    (ReviewState.PUBLISHED, Decision.CHANGES_REQUESTED),
                } <= kinds
                plan = db.session.execute(
                    select(Plan).where(Plan.employer == JOURNEY_EMPLOYER)
                ).scalar_one()
                latest = db.session.execute(
                    select(PlanRevision).where(
                        PlanRevision.plan_id == plan.id, PlanRevision.number == 3
                    )
                ).scalar_one()
                data = screen.build(plan, latest, demo.advisor)
                anchors = [v.anchor for vs in data.by_element.values() for v in vs]
                assert AnchorState.CHANGED in anchors
                on_actions = [e for e in data.by_element if e.count(":") == 3]  # goal:g:phase:a
                assert on_actions and all(
                    v.anchor is AnchorState.CURRENT for e in on_actions for v in data.by_element[e]
                )
                assert [v.anchor for v in data.orphaned] == [AnchorState.ORPHANED]
                assert len(data.rounds) == 2
        db.session.remove()
