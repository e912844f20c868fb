"""The review queue: every blueprint revision waiting for a decision, oldest first, paged.

Two statements whatever the number waiting, both kept per queue version by `counts.py`
(usually none): the counts (one aggregate) and one page of rows (with the student, cohort
and claim holder joined in); the filters' choices likewise. Both read the partial index
of waiting revisions (`ix_plan_revisions_waiting`), whose condition they repeat
(`is_waiting`). The wait in business days is computed for the rows of the page; "past the
target" is a moment (`waits.overdue_before`), so SQL counts and filters it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from sqlalchemy import Integer, Select, bindparam, case, func, select
from sqlalchemy.orm import aliased

from ..auth.models import User
from ..cohorts.models import Cohort, CohortAdvisor, CohortStudent
from ..extensions import db
from ..plans.models import Plan, PlanRevision, RevisionState, is_waiting
from ..plans.permissions import advised_students
from ..tenancy.clock import as_utc, local_today
from ..tenancy.models import Institution, Membership, Role
from . import counts as kept
from .models import Review
from .waits import business_days_between, local_date

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
# `ix_plan_revisions_waiting` index (`is_waiting` repeats its condition).


def _waiting(member: Membership) -> Select:
    """Return the base select: revisions waiting for a decision that `member` oversees."""
    stmt = select(PlanRevision.id).where(is_waiting(PlanRevision.state))
    if member.role is Role.ADVISOR:
        stmt = stmt.join(Plan, Plan.id == PlanRevision.plan_id).where(
            Plan.owner_id.in_(advised_students(member))
        )
    return stmt


def waiting_statement(member: Membership | None = None) -> Select:
    """Return a count of the blueprints waiting for a decision (all, or those `member` oversees).

    Cheap: plans by state only (a blueprint waits while submitted or in review).
    """
    stmt = select(func.count()).select_from(Plan).where(is_waiting(Plan.state))
    if member is not None and member.role is Role.ADVISOR:
        stmt = stmt.where(Plan.owner_id.in_(advised_students(member)))
    return stmt


def _scope(member: Membership | None) -> tuple:
    """Return what a count depends on of `member`: an advisor's students, or everything."""
    if member is not None and member.role is Role.ADVISOR:
        return (member.role, member.id)
    return (Role.ADMIN,)


def waiting_key(member: Membership | None = None) -> tuple | None:
    """Return the key the count of waiting blueprints (all, or those `member` oversees) is
    kept under now (None: not kept)."""
    return kept.key("waiting", *_scope(member))


def waiting_count(member: Membership) -> int:
    """Return how many blueprints wait for a decision among those `member` oversees."""
    return kept.cached(
        waiting_key(member), lambda: int(db.session.scalar(waiting_statement(member)) or 0)
    )


def counts(member: Membership, overdue_before: datetime) -> Counts:
    """Return how many wait, unclaimed, in review and past the target (kept per version)."""
    key = kept.key("counts", *_scope(member), overdue_before)
    return kept.cached(key, lambda: _counts(member, overdue_before))


def _counts(member: Membership, overdue_before: datetime) -> Counts:
    """Count what waits, unclaimed, in review and past the target (one statement)."""
    submitted = PlanRevision.state == RevisionState.SUBMITTED
    stmt = _waiting(member).with_only_columns(
        func.count(),
        func.coalesce(func.sum(case((submitted, 1), else_=0)), 0),
        func.coalesce(func.sum(case((submitted, 0), else_=1)), 0),
        func.coalesce(func.sum(case((PlanRevision.submitted_at < overdue_before, 1), else_=0)), 0),
    )
    waiting, unclaimed, in_review, overdue = db.session.execute(stmt).one()
    return Counts(int(waiting), int(unclaimed), int(in_review), int(overdue))


@cache
def _page_statement(advisor: bool, cohort: bool, reviewer: bool, state: str) -> Select:
    """Build the statement of one page for a kind of viewer and filters, once (values bound)."""
    # First the page's revision ids, from plan_revisions alone when nothing needs the plan
    # (oldest first along the partial index, stopping after one page), then their details.
    ids = select(PlanRevision.id, PlanRevision.submitted_at).where(is_waiting(PlanRevision.state))
    if advisor or cohort:
        ids = ids.join(Plan, Plan.id == PlanRevision.plan_id)
    if advisor:
        students = (
            select(CohortStudent.membership_id)
            .join(CohortAdvisor, CohortAdvisor.cohort_id == CohortStudent.cohort_id)
            .where(CohortAdvisor.membership_id == bindparam("member_id"))
        )
        ids = ids.where(Plan.owner_id.in_(students))
    if cohort:
        ids = ids.where(Plan.cohort_id == bindparam("cohort_id"))
    if reviewer:
        ids = ids.join(Review, Review.revision_id == PlanRevision.id).where(
            Review.reviewer_id == bindparam("reviewer_id")
        )
    if state == "unclaimed":
        ids = ids.where(PlanRevision.state == RevisionState.SUBMITTED)
    elif state == "in_review":
        ids = ids.where(PlanRevision.state == RevisionState.IN_REVIEW)
    elif state == "overdue":
        ids = ids.where(PlanRevision.submitted_at < bindparam("overdue_before"))
    chosen = (
        ids.order_by(PlanRevision.submitted_at, PlanRevision.id)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery()
    )
    student = aliased(Membership)
    student_user = aliased(User)
    reviewer_member = aliased(Membership)
    reviewer_user = aliased(User)
    return (
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
        .outerjoin(reviewer_member, reviewer_member.id == Review.reviewer_id)
        .outerjoin(reviewer_user, reviewer_user.id == reviewer_member.user_id)
        .order_by(chosen.c.submitted_at, chosen.c.id)
    )


def page(
    member: Membership, filters: QueueFilters, institution: Institution, overdue_before: datetime
) -> tuple[list[QueueRow], bool]:
    """Return one page of the queue, oldest first, and whether another page follows (kept
    per queue version, campus day and cutoff: waits are in days)."""
    today = local_today(institution)
    key = kept.key("page", *_scope(member), filters, today, overdue_before)
    return kept.cached(key, lambda: _page(member, filters, institution, overdue_before, today))


def _page(
    member: Membership,
    filters: QueueFilters,
    institution: Institution,
    overdue_before: datetime,
    today: date,
) -> tuple[list[QueueRow], bool]:
    advisor = member.role is Role.ADVISOR
    stmt = _page_statement(
        advisor, bool(filters.cohort_id), bool(filters.reviewer_id), filters.state
    )
    values = {
        "member_id": member.id,
        "cohort_id": filters.cohort_id,
        "reviewer_id": filters.reviewer_id,
        "overdue_before": overdue_before,
        "limit": PAGE_SIZE + 1,
        "offset": (filters.page - 1) * PAGE_SIZE,
    }
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
    ) in db.session.execute(stmt, values):
        rows.append(
            QueueRow(
                revision_id=rid,
                number=number,
                submitted_at=at,
                waited=business_days_between(local_date(institution, at), today),
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


@cache
def _cohort_choices_statement(advisor: bool) -> Select:
    stmt = select(Cohort.id, Cohort.name).order_by(Cohort.name, Cohort.id)
    if advisor:
        stmt = stmt.join(CohortAdvisor, CohortAdvisor.cohort_id == Cohort.id).where(
            CohortAdvisor.membership_id == bindparam("member_id")
        )
    return stmt


def cohort_choices(member: Membership) -> list[tuple[int, str]]:
    """Return the cohorts the filter offers: those the advisor follows, or every one (kept)."""
    stmt = _cohort_choices_statement(member.role is Role.ADVISOR)

    def read() -> list[tuple[int, str]]:
        return [(i, n) for i, n in db.session.execute(stmt, {"member_id": member.id})]

    return kept.cached(kept.key("cohorts", *_scope(member)), read)


@cache
def _reviewer_choices_statement() -> Select:
    return (
        select(Membership.id, User.name)
        .join(User, User.id == Membership.user_id)
        .where(Membership.role.in_([Role.ADVISOR, Role.ADMIN]), Membership.active.is_(True))
        .order_by(User.name, Membership.id)
    )


def reviewer_choices() -> list[tuple[int, str]]:
    """Return the staff who may hold a claim (advisors and admins), by name (kept)."""

    def read() -> list[tuple[int, str]]:
        return [(i, n) for i, n in db.session.execute(_reviewer_choices_statement())]

    return kept.cached(kept.key("reviewers"), read)
