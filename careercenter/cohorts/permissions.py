"""Who may see a cohort: admins all, advisors the cohorts they are assigned to."""

from __future__ import annotations

from functools import cache

from flask import abort
from sqlalchemy import Select, bindparam, select

from ..extensions import db
from ..tenancy.models import Membership
from .models import Cohort, CohortAdvisor


@cache
def _advises_statement() -> Select:
    """Built once (it runs on every page an advisor opens of a cohort)."""
    return select(CohortAdvisor.id).where(
        CohortAdvisor.cohort_id == bindparam("cohort_id"),
        CohortAdvisor.membership_id == bindparam("membership_id"),
    )


def advises(cohort_id: int, membership: Membership) -> bool:
    """Return whether `membership` is an advisor assigned to the cohort."""
    params = {"cohort_id": cohort_id, "membership_id": membership.id}
    return db.session.execute(_advises_statement(), params).first() is not None


def can_follow_cohort(cohort: Cohort, membership: Membership) -> bool:
    """Return whether `membership` may see the cohort's readiness (admin or its advisor)."""
    return membership.is_admin or (membership.is_advisor and advises(cohort.id, membership))


def require_follow_cohort(cohort: Cohort, membership: Membership) -> None:
    """Answer 404 to an advisor of other cohorts: they must not learn this one exists."""
    if not can_follow_cohort(cohort, membership):
        abort(404)
