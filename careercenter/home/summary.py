"""The facts each role's home page shows, in a fixed number of queries."""

from __future__ import annotations

from sqlalchemy import case, func, select

from ..cohorts.models import Cohort, CohortAdvisor, CohortStatus, CohortStudent
from ..extensions import db
from ..tenancy.models import Membership, Role


def home_summary(membership: Membership) -> dict:
    """Return what the home page of `membership`'s role needs."""
    if membership.role is Role.ADMIN:
        return admin_summary()
    if membership.role is Role.ADVISOR:
        return advisor_summary(membership)
    return student_summary(membership)


def admin_summary() -> dict:
    """Count members by role and state, and cohorts by status."""
    rows = db.session.execute(
        select(
            Membership.role,
            func.count(),
            func.sum(case((Membership.active.is_(False), 1), else_=0)),
        ).group_by(Membership.role)
    ).all()
    by_role = {role: count for role, count, _ in rows}
    inactive = sum(int(n or 0) for *_, n in rows)
    invited = db.session.execute(
        select(func.count())
        .select_from(Membership)
        .where(Membership.user.has(password_hash=None), Membership.active.is_(True))
    ).scalar_one()
    cohorts = db.session.execute(
        select(func.count()).select_from(Cohort).where(Cohort.status == CohortStatus.ACTIVE)
    ).scalar_one()
    return {
        "admins": by_role.get(Role.ADMIN, 0),
        "advisors": by_role.get(Role.ADVISOR, 0),
        "students": by_role.get(Role.STUDENT, 0),
        "inactive": inactive,
        "invited": invited,
        "active_cohorts": cohorts,
    }


def advisor_summary(membership: Membership) -> dict:
    """List the advisor's active cohorts with their student counts."""
    students = (
        select(CohortStudent.cohort_id, func.count().label("n"))
        .group_by(CohortStudent.cohort_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Cohort, func.coalesce(students.c.n, 0))
        .join(CohortAdvisor, CohortAdvisor.cohort_id == Cohort.id)
        .outerjoin(students, students.c.cohort_id == Cohort.id)
        .where(CohortAdvisor.membership_id == membership.id, Cohort.status == CohortStatus.ACTIVE)
        .order_by(Cohort.name)
    ).all()
    return {"cohorts": [(cohort, count) for cohort, count in rows]}


def student_summary(membership: Membership) -> dict:
    """List the student's cohorts, readiness, next items due and what to do next."""
    from ..readiness.student import student_readiness

    cohorts = db.session.execute(
        select(Cohort)
        .join(CohortStudent, CohortStudent.cohort_id == Cohort.id)
        .where(CohortStudent.membership_id == membership.id)
        .order_by(Cohort.name)
    ).scalars()
    return {"cohorts": list(cohorts), **student_readiness(membership)}
