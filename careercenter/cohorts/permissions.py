"""Who may see a cohort: admins all, advisors the cohorts they are assigned to."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from ..extensions import db
from ..tenancy.models import Membership
from .models import Cohort, CohortAdvisor


def advises(cohort_id: int, membership: Membership) -> bool:
    """Return whether `membership` is an advisor assigned to the cohort."""
    return (
        db.session.execute(
            select(CohortAdvisor.id).where(
                CohortAdvisor.cohort_id == cohort_id,
                CohortAdvisor.membership_id == membership.id,
            )
        ).first()
        is not None
    )


def can_follow_cohort(cohort: Cohort, membership: Membership) -> bool:
    """Return whether `membership` may see the cohort's readiness (admin or its advisor)."""
    return membership.is_admin or (membership.is_advisor and advises(cohort.id, membership))


def require_follow_cohort(cohort: Cohort, membership: Membership) -> None:
    """Answer 404 to an advisor of other cohorts: they must not learn this one exists."""
    if not can_follow_cohort(cohort, membership):
        abort(404)
