"""Claims and publications that arrive at once: one wins, the others are told, no 5xx."""

from __future__ import annotations

from sqlalchemy import select

from careercenter.audit.models import AuditEvent
from careercenter.extensions import db
from careercenter.plans.models import Plan, PlanState
from careercenter.reviews.models import Review, ReviewState
from careercenter.tenancy.models import Role
from careercenter.tenancy.scoping import tenant_scope

from .. import factories
from ..test_races import fire
from .helpers import review, review_row, submitted


def _audited(action: str) -> int:
    db.session.expire_all()
    return len(db.session.execute(select(AuditEvent.id).where(AuditEvent.action == action)).all())


def test_two_advisors_claiming_at_once_leave_one_claim(world, app, arrange):
    other = factories.create_member(world.a.institution, Role.ADVISOR)
    factories.create_cohort(world.a.institution, advisors=[other], students=[world.a.student])
    plan_id, revision_id = submitted(world.a)
    url = f"/{world.a.slug}/reviews/{revision_id}/claim"
    answers = fire(app, [(world.a.advisor, url, {}), (other, url, {}), (world.a.advisor, url, {})])
    assert all(status < 500 for status, _ in answers)
    with tenant_scope(world.a.institution):
        rows = db.session.execute(select(Review)).scalars().all()
        assert len(rows) == 1 and rows[0].reviewer_id in {world.a.advisor.id, other.id}
        assert _audited("review.claimed") == 1
        assert db.session.get(Plan, plan_id).state is PlanState.IN_REVIEW


def test_publishing_at_once_publishes_once(world, app, arrange):
    plan_id, revision_id = submitted(world.a)
    review(world.a, plan_id, revision_id, comments_on=["impact"])
    version = review_row(world.a, revision_id).version
    url = f"/{world.a.slug}/reviews/{revision_id}/publish"
    data = {"decision": "changes_requested", "version": str(version)}
    answers = fire(app, [(world.a.advisor, url, data)] * 3)
    assert all(status < 500 for status, _ in answers)
    told = [page for _, page in answers if "Published: changes requested" not in page]
    assert len(told) == 2 and all("meanwhile" in p or "no longer" in p for p in told)
    with tenant_scope(world.a.institution):
        assert review_row(world.a, revision_id).state is ReviewState.PUBLISHED
        assert _audited("review.published") == 1
        assert db.session.get(Plan, plan_id).state is PlanState.CHANGES_REQUESTED
