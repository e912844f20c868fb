"""The facts each role's home page shows, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import Select, and_, bindparam, case, func, select

from ..cohorts.models import Cohort, CohortAdvisor, CohortStatus, CohortStudent
from ..extensions import db
from ..readiness import cache as data_cache
from ..readiness.student import student_readiness
from ..reviews import counts as kept
from ..reviews.queue import waiting_count, waiting_key, waiting_statement
from ..stages import BlueprintStage
from ..tenancy.models import Membership, Role


def home_summary(membership: Membership) -> dict:
    """Return what the home page of `membership`'s role needs."""
    if membership.role is Role.ADMIN:
        return admin_summary()
    if membership.role is Role.ADVISOR:
        return advisor_summary(membership)
    return student_summary(membership)


@cache
def _admin_statement(with_waiting: bool) -> Select:
    def members(*conditions):
        return func.coalesce(func.sum(case((and_(*conditions), 1), else_=0)), 0)

    active_cohorts = (
        select(func.count())
        .select_from(Cohort)
        .where(Cohort.status == CohortStatus.ACTIVE)
        .scalar_subquery()
    )
    columns = [
        members(Membership.role == Role.ADMIN),
        members(Membership.role == Role.ADVISOR),
        members(Membership.role == Role.STUDENT),
        members(Membership.accepted_at.is_not(None), Membership.active.is_(False)),
        members(Membership.accepted_at.is_(None), Membership.declined_at.is_(None)),
        active_cohorts,
    ]
    if with_waiting:  # blueprints waiting for a decision, unless kept (reviews/counts.py)
        columns.append(waiting_statement().scalar_subquery())
    # Every membership has its user (a foreign key, NOT NULL).
    return select(*columns).select_from(Membership)


def admin_summary() -> dict:
    """Count members by role and state, active cohorts and what waits, in one statement."""
    key = waiting_key()
    waiting = kept.get(key)
    row = [int(value) for value in db.session.execute(_admin_statement(waiting is None)).one()]
    if waiting is None:
        waiting = row.pop()
        kept.put(key, waiting)
    keys = ("admins", "advisors", "students", "inactive", "invited", "active_cohorts")
    return {**dict(zip(keys, row, strict=True)), "to_review": waiting}


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
        select(Cohort, students)
        .join(CohortAdvisor, CohortAdvisor.cohort_id == Cohort.id)
        .where(
            CohortAdvisor.membership_id == bindparam("membership_id"),
            Cohort.status == CohortStatus.ACTIVE,
        )
        .order_by(Cohort.name)
    )


def advisor_summary(membership: Membership) -> dict:
    """List the advisor's active cohorts with their student counts, in one statement."""
    rows = db.session.execute(_advisor_statement(), {"membership_id": membership.id})
    cohorts = [(cohort, count) for cohort, count in rows]
    return {"cohorts": cohorts, "to_review": waiting_count(membership)}


@cache
def _student_cohorts_statement() -> Select:
    return (
        select(Cohort)
        .join(CohortStudent, CohortStudent.cohort_id == Cohort.id)
        .where(CohortStudent.membership_id == bindparam("membership_id"))
        .order_by(Cohort.name)
    )


@dataclass(frozen=True)
class CohortCard:
    """What the student home shows of one cohort (plain values, safe to keep between requests)."""

    id: int
    name: str
    term: str


def student_summary(membership: Membership) -> dict:
    """List the student's cohorts, readiness, next items due and what to do next.

    The cohort list is kept with the student's readiness, under their membership's version
    (enrolling and renaming a cohort bump it).
    """

    def cohorts() -> list[CohortCard]:
        rows = db.session.execute(
            _student_cohorts_statement(), {"membership_id": membership.id}
        ).scalars()
        return [CohortCard(c.id, c.name, c.term) for c in rows]

    key = data_cache.student_key(membership)
    cards = data_cache.cached(data_cache.students, key and (*key, "cohorts"), cohorts)
    readiness = student_readiness(membership)
    assessed = readiness["readiness"]
    stage = assessed.stage if assessed is not None else BlueprintStage.NONE
    return {
        "cohorts": cards,
        **readiness,
        # What the registered next steps look at (`nav.register_home_link(when=…)`): read
        # from what the page loads anyway, so choosing them costs no query.
        "link_facts": {"has_cohort": bool(cards), "blueprint_stage": stage},
    }
