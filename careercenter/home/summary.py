"""The facts each role's home page shows, in a fixed number of queries."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from sqlalchemy import Select, and_, bindparam, case, func, select

from ..cohorts.models import Cohort, CohortAdvisor, CohortStatus, CohortStudent
from ..extensions import db
from ..readiness.student import student_readiness
from ..reviews import counts as kept
from ..reviews.queue import waiting_count, waiting_statement
from ..tenancy.models import Membership, Role


def home_summary(membership: Membership) -> dict:
    """Return what the home page of `membership`'s role needs."""
    if membership.role is Role.ADMIN:
        return admin_summary()
    if membership.role is Role.ADVISOR:
        return advisor_summary(membership)
    return student_summary(membership)


@cache
def _admin_statement() -> Select:
    def members(*conditions):
        return func.coalesce(func.sum(case((and_(*conditions), 1), else_=0)), 0)

    active_cohorts = (
        select(func.count())
        .select_from(Cohort)
        .where(Cohort.status == CohortStatus.ACTIVE)
        .scalar_subquery()
    )
    # Every membership has its user (a foreign key, NOT NULL).
    return select(
        members(Membership.role == Role.ADMIN),
        members(Membership.role == Role.ADVISOR),
        members(Membership.role == Role.STUDENT),
        members(Membership.accepted_at.is_not(None), Membership.active.is_(False)),
        members(Membership.accepted_at.is_(None), Membership.declined_at.is_(None)),
        active_cohorts,
        waiting_statement().scalar_subquery(),  # blueprints waiting for a decision
    ).select_from(Membership)


_ADMIN_KEYS = ("admins", "advisors", "students", "inactive", "invited", "active_cohorts")


def admin_summary() -> dict:
    """Count members by role and state, active cohorts and what waits: one statement, none
    while kept (under the institution's review queue version, `reviews/counts.py`)."""
    counts = kept.cached(kept.key("admin home"), _count_for_admin)
    return dict(zip((*_ADMIN_KEYS, "to_review"), counts, strict=True))


def _count_for_admin() -> tuple[int, ...]:
    return tuple(int(value) for value in db.session.execute(_admin_statement()).one())


class CohortCard(NamedTuple):
    """An advisor's active cohort as their home lists it (plain values: kept between requests)."""

    id: int
    name: str
    term: str
    students: int


@cache
def _advisor_statement() -> Select:
    # Counted per listed cohort (an index lookup each), not grouped over every enrolment.
    students = (
        select(func.count())
        .select_from(CohortStudent)
        .where(CohortStudent.cohort_id == Cohort.id)
        .correlate(Cohort)
        .scalar_subquery()
    )
    return (
        select(Cohort.id, Cohort.name, Cohort.term, students)
        .join(CohortAdvisor, CohortAdvisor.cohort_id == Cohort.id)
        .where(
            CohortAdvisor.membership_id == bindparam("membership_id"),
            Cohort.status == CohortStatus.ACTIVE,
        )
        .order_by(Cohort.name)
    )


def advisor_summary(membership: Membership) -> dict:
    """List the advisor's active cohorts with their student counts: one statement, none while
    kept (under the institution's review queue version, `reviews/counts.py`)."""

    def cards() -> tuple[CohortCard, ...]:
        rows = db.session.execute(_advisor_statement(), {"membership_id": membership.id})
        return tuple(CohortCard(*row) for row in rows)

    cohorts = kept.cached(kept.key("advisor home", membership.id), cards)
    return {"cohorts": cohorts, "to_review": waiting_count(membership)}


def student_summary(membership: Membership) -> dict:
    """List the student's cohorts, readiness, next items due and what to do next, kept
    together under their membership's version (`readiness.student`)."""
    readiness = student_readiness(membership)
    return {
        **readiness,
        # What the registered next steps look at (`nav.register_home_link(when=…)`): read
        # from what the page loads anyway, so choosing them costs no query.
        "link_facts": {
            "has_cohort": bool(readiness["cohorts"]),
            "blueprint_stage": readiness["readiness"].stage,
        },
    }
