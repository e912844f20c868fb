"""The review queue: every blueprint revision waiting for a decision, oldest first, paged.

Two statements whatever the number waiting: the counts (one aggregate) and one page of rows
(with the student, cohort and claim holder joined in). The wait in business days is computed
for the rows of the page; "past the target" is a moment (`waits.overdue_before`), so SQL
counts and filters it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import aliased

from ..auth.models import User
from ..cohorts.models import Cohort, CohortAdvisor
from ..extensions import db
from ..plans.models import Plan, PlanRevision, PlanState, RevisionState
from ..plans.permissions import advised_students
from ..tenancy.clock import as_utc
from ..tenancy.models import Institution, Membership, Role
from .models import Review
from .waits import waited

PAGE_SIZE = 50
STATES = {
    "": "Every waiting blueprint",
    "unclaimed": "Not claimed yet",
    "in_review": "In review",
    "overdue": "Past the target",
}


@dataclass(frozen=True)
class QueueFilters:
    cohort_id: int | None = None
    state: str = ""
    reviewer_id: int | None = None
    page: int = 1

    @classmethod
    def from_args(cls, args) -> QueueFilters:
        def number(name: str) -> int | None:
            value = args.get(name, "")
            return int(value) if value.isdigit() and 0 < int(value) < 2**31 else None

        state = args.get("state", "")
        return cls(
            cohort_id=number("cohort"),
            state=state if state in STATES else "",
            reviewer_id=number("advisor"),
            page=min(number("page") or 1, 10_000),
        )

    def args(self, **changes) -> dict[str, object]:
        values = {
            "cohort": self.cohort_id,
            "state": self.state,
            "advisor": self.reviewer_id,
            "page": self.page,
            **changes,
        }
        return {
            k: v for k, v in values.items() if v not in (None, "") and not (k == "page" and v == 1)
        }


@dataclass(frozen=True)
class Counts:
    waiting: int
    unclaimed: int
    in_review: int
    overdue: int


@dataclass(frozen=True)
class QueueRow:
    revision_id: int
    number: int
    submitted_at: datetime
    waited: int
    overdue: bool
    plan_id: int
    title: str
    student: str
    cohort: str
    reviewer_id: int | None
    reviewer: str

    @property
    def resubmission(self) -> bool:
        return self.number > 1


# A waiting revision is its plan's latest and is "submitted" (nobody claimed it) or "in review"
# (claimed): earlier revisions always moved on (changes requested, approved, withdrawn), so
# the revision's own state says it all and the queue reads one table in the order of the
# `ix_plan_revisions_institution_id_submitted_at` index.
WAITING = (RevisionState.SUBMITTED, RevisionState.IN_REVIEW)


def _waiting(member: Membership) -> Select:
    """Return the base select: revisions waiting for a decision that `member` oversees."""
    stmt = select(PlanRevision.id).where(PlanRevision.state.in_(WAITING))
    if member.role is Role.ADVISOR:
        stmt = stmt.join(Plan, Plan.id == PlanRevision.plan_id).where(
            Plan.owner_id.in_(advised_students(member))
        )
    return stmt


def waiting_statement(member: Membership | None = None) -> Select:
    """Return a count of the blueprints waiting for a decision (all, or those `member` oversees).

    Cheap: plans by state only (a blueprint waits while submitted or in review).
    """
    stmt = (
        select(func.count())
        .select_from(Plan)
        .where(Plan.state.in_([PlanState.SUBMITTED, PlanState.IN_REVIEW]))
    )
    if member is not None and member.role is Role.ADVISOR:
        stmt = stmt.where(Plan.owner_id.in_(advised_students(member)))
    return stmt


def waiting_count(member: Membership) -> int:
    """Return how many blueprints wait for a decision among those `member` oversees."""
    return int(db.session.scalar(waiting_statement(member)) or 0)


def counts(member: Membership, overdue_before: datetime) -> Counts:
    """Return how many wait, unclaimed, in review and past the target (one statement)."""
    submitted = PlanRevision.state == RevisionState.SUBMITTED
    stmt = _waiting(member).with_only_columns(
        func.count(),
        func.coalesce(func.sum(case((submitted, 1), else_=0)), 0),
        func.coalesce(func.sum(case((submitted, 0), else_=1)), 0),
        func.coalesce(func.sum(case((PlanRevision.submitted_at < overdue_before, 1), else_=0)), 0),
    )
    waiting, unclaimed, in_review, overdue = db.session.execute(stmt).one()
    return Counts(int(waiting), int(unclaimed), int(in_review), int(overdue))


def page(
    member: Membership, filters: QueueFilters, institution: Institution, overdue_before: datetime
) -> tuple[list[QueueRow], bool]:
    """Return one page of the queue, oldest first, and whether another page follows."""
    # First the page's revision ids, from plan_revisions alone when nothing needs the plan
    # (oldest first along its index, stopping after one page), then their details.
    ids = select(PlanRevision.id, PlanRevision.submitted_at).where(PlanRevision.state.in_(WAITING))
    if member.role is Role.ADVISOR or filters.cohort_id:
        ids = ids.join(Plan, Plan.id == PlanRevision.plan_id)
    if member.role is Role.ADVISOR:
        ids = ids.where(Plan.owner_id.in_(advised_students(member)))
    if filters.cohort_id:
        ids = ids.where(Plan.cohort_id == filters.cohort_id)
    if filters.reviewer_id:
        ids = ids.join(Review, Review.revision_id == PlanRevision.id).where(
            Review.reviewer_id == filters.reviewer_id
        )
    if filters.state == "unclaimed":
        ids = ids.where(PlanRevision.state == RevisionState.SUBMITTED)
    elif filters.state == "in_review":
        ids = ids.where(PlanRevision.state == RevisionState.IN_REVIEW)
    elif filters.state == "overdue":
        ids = ids.where(PlanRevision.submitted_at < overdue_before)
    chosen = (
        ids.order_by(PlanRevision.submitted_at, PlanRevision.id)
        .limit(PAGE_SIZE + 1)
        .offset((filters.page - 1) * PAGE_SIZE)
        .subquery()
    )
    student = aliased(Membership)
    student_user = aliased(User)
    reviewer = aliased(Membership)
    reviewer_user = aliased(User)
    stmt = (
        select(
            PlanRevision.id,
            PlanRevision.number,
            PlanRevision.submitted_at,
            Plan.id,
            Plan.role_title,
            Plan.employer,
            func.coalesce(student_user.name, student.invited_name, ""),
            Cohort.name,
            Review.reviewer_id,
            reviewer_user.name,
        )
        .select_from(chosen)
        .join(PlanRevision, PlanRevision.id == chosen.c.id)
        .join(Plan, Plan.id == PlanRevision.plan_id)
        .outerjoin(Review, Review.revision_id == PlanRevision.id)
        .join(student, student.id == Plan.owner_id)
        .join(student_user, student_user.id == student.user_id)
        .outerjoin(Cohort, Cohort.id == Plan.cohort_id)
        .outerjoin(reviewer, reviewer.id == Review.reviewer_id)
        .outerjoin(reviewer_user, reviewer_user.id == reviewer.user_id)
        .order_by(chosen.c.submitted_at, chosen.c.id)
    )
    rows = []
    for (
        rid,
        number,
        at,
        plan_id,
        role,
        employer,
        name,
        cohort,
        rev_id,
        rev_name,
    ) in db.session.execute(stmt):
        rows.append(
            QueueRow(
                revision_id=rid,
                number=number,
                submitted_at=at,
                waited=waited(institution, at),
                overdue=_before(at, overdue_before),
                plan_id=plan_id,
                title=f"{role} at {employer}",
                student=name,
                cohort=cohort or "",
                reviewer_id=rev_id,
                reviewer=rev_name or "",
            )
        )
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def _before(moment: datetime, limit: datetime) -> bool:
    return as_utc(moment) < limit


def cohort_choices(member: Membership) -> list[tuple[int, str]]:
    """Return the cohorts the filter offers: those the advisor follows, or every one."""
    stmt = select(Cohort.id, Cohort.name).order_by(Cohort.name, Cohort.id)
    if member.role is Role.ADVISOR:
        stmt = stmt.join(CohortAdvisor, CohortAdvisor.cohort_id == Cohort.id).where(
            CohortAdvisor.membership_id == member.id
        )
    return [(i, n) for i, n in db.session.execute(stmt)]


def reviewer_choices() -> list[tuple[int, str]]:
    """Return the staff who may hold a claim (advisors and admins), by name."""
    stmt = (
        select(Membership.id, User.name)
        .join(User, User.id == Membership.user_id)
        .where(Membership.role.in_([Role.ADVISOR, Role.ADMIN]), Membership.active.is_(True))
        .order_by(User.name, Membership.id)
    )
    return [(i, n) for i, n in db.session.execute(stmt)]
