"""Who may see or change a blueprint: `can_*` for templates, `require_*` to abort."""

from __future__ import annotations

from functools import cache

from flask import abort
from sqlalchemy import Select, bindparam, exists, select
from sqlalchemy.orm import defer

from ..cohorts.models import CohortAdvisor, CohortStudent
from ..extensions import db
from ..tenancy.models import Membership, Role
from .models import Plan, PlanRevision, RevisionState


def advised_students(advisor: Membership):
    """Return a subquery of the membership ids of students in `advisor`'s cohorts."""
    return (
        select(CohortStudent.membership_id)
        .join(CohortAdvisor, CohortAdvisor.cohort_id == CohortStudent.cohort_id)
        .where(CohortAdvisor.membership_id == advisor.id)
    )


def has_visible_revision():
    """Return a SQL condition: the plan has a submitted revision that was not withdrawn."""
    return exists().where(
        PlanRevision.plan_id == Plan.id, PlanRevision.state != RevisionState.WITHDRAWN
    )


def readable_plans(member: Membership) -> Select:
    """Return a select of the plans `member` may open: their own, or submitted ones they oversee."""
    stmt = select(Plan)
    if member.role is Role.STUDENT:
        return stmt.where(Plan.owner_id == member.id)
    stmt = stmt.where(has_visible_revision())
    if member.role is Role.ADVISOR:
        stmt = stmt.where(Plan.owner_id.in_(advised_students(member)))
    return stmt


def oversees(member: Membership, plan: Plan) -> bool:
    """Return whether staff `member` would read `plan` once submitted (its student is theirs)."""
    if member.role is Role.ADMIN:
        return True
    if member.role is not Role.ADVISOR:
        return False
    theirs = advised_students(member).where(CohortStudent.membership_id == plan.owner_id)
    return bool(db.session.execute(select(exists(theirs))).scalar())


def can_edit(plan: Plan, member: Membership) -> bool:
    """Return whether `member` may change `plan` (only its owner may)."""
    return plan.owner_id == member.id


@cache
def _readable_statement(role: Role, content: bool = True) -> Select:
    """Build `readable_plans` for one plan and a role once, the plan and member bound later
    (building and scoping it cost more than running it)."""
    stmt = select(Plan).where(Plan.id == bindparam("plan_id"))
    if not content:
        stmt = stmt.options(defer(Plan.content))
    if role is Role.STUDENT:
        return stmt.where(Plan.owner_id == bindparam("member_id"))
    stmt = stmt.where(has_visible_revision())
    if role is Role.ADVISOR:
        advised = (
            select(CohortStudent.membership_id)
            .join(CohortAdvisor, CohortAdvisor.cohort_id == CohortStudent.cohort_id)
            .where(CohortAdvisor.membership_id == bindparam("member_id"))
        )
        stmt = stmt.where(Plan.owner_id.in_(advised))
    return stmt.execution_options(populate_existing=True)


def require_readable(plan_id: int, member: Membership, content: bool = True) -> Plan:
    """Return the plan if `member` may read it; answer 404 otherwise (they must not learn of it).

    `content=False` leaves the working copy unread until used (a page that shows a revision).
    """
    values = {"plan_id": plan_id, "member_id": member.id}
    stmt = _readable_statement(member.role, content)
    plan = db.session.execute(stmt, values).scalar_one_or_none()
    if plan is None:
        abort(404)
    return plan


def require_owner(plan_id: int, member: Membership) -> Plan:
    """Return the member's own plan, or answer 404."""
    plan = require_readable(plan_id, member)
    if not can_edit(plan, member):
        abort(404)
    return plan


def require_revision(plan: Plan, number: int, member: Membership) -> PlanRevision:
    """Return revision `number` of `plan`; staff see only revisions that were not withdrawn."""
    stmt = select(PlanRevision).where(
        PlanRevision.plan_id == plan.id, PlanRevision.number == number
    )
    if not can_edit(plan, member):
        stmt = stmt.where(PlanRevision.state != RevisionState.WITHDRAWN)
    revision = db.session.execute(stmt).scalar_one_or_none()
    if revision is None:
        abort(404)
    return revision


def latest_visible_revision(plan: Plan) -> PlanRevision:
    """Return the newest revision staff may read, or answer 404 (withdrawn meanwhile)."""
    revision = db.session.execute(
        select(PlanRevision)
        .where(PlanRevision.plan_id == plan.id, PlanRevision.state != RevisionState.WITHDRAWN)
        .order_by(PlanRevision.number.desc())
        .limit(1)
    ).scalar_one_or_none()
    if revision is None:
        abort(404)
    return revision
