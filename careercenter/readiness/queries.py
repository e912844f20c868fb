"""The SQL that feeds the readiness rules: one aggregate query per page, whatever the size.

Progress rows are lazy (no row = to do), so every (student × assigned item) pair is built from
cohort enrolments × assignments × items, with the progress row outer-joined.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import and_, case, func, null, or_, select

from ..auth.models import User
from ..checklists.models import Assignment, ChecklistItem, ItemProgress, ProgressStatus
from ..cohorts.models import CohortStudent
from ..extensions import db
from ..stages import BlueprintStage, blueprint_stage_source
from ..tenancy.models import Membership
from .rules import Facts

STATUS = func.coalesce(ItemProgress.status, ProgressStatus.TODO.value)
COMPLETE = or_(
    ProgressStatus.VERIFIED.value == STATUS,
    and_(ProgressStatus.DONE.value == STATUS, ChecklistItem.needs_verification.is_(False)),
)


def aware(moment: datetime | None) -> datetime | None:
    """Return `moment` as UTC-aware (SQLite hands back naive datetimes)."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _one(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _student_items():
    """Return a SELECT joining each enrolment to its cohort's assigned items and progress."""
    return (
        select()
        .select_from(CohortStudent)
        .join(Assignment, Assignment.cohort_id == CohortStudent.cohort_id)
        .join(ChecklistItem, ChecklistItem.version_id == Assignment.version_id)
        .outerjoin(
            ItemProgress,
            and_(
                ItemProgress.assignment_id == Assignment.id,
                ItemProgress.item_id == ChecklistItem.id,
                ItemProgress.membership_id == CohortStudent.membership_id,
            ),
        )
    )


def _facts_subquery(today: date, where):
    required = ChecklistItem.required.is_(True)
    overdue = and_(
        required,
        STATUS.in_([ProgressStatus.TODO.value, ProgressStatus.RETURNED.value]),
        Assignment.due_on < today,
    )
    return (
        _student_items()
        .add_columns(
            CohortStudent.membership_id.label("membership_id"),
            _one(required).label("required_total"),
            _one(and_(required, COMPLETE)).label("required_complete"),
            _one(ProgressStatus.TODO.value != STATUS).label("items_touched"),
            _one(overdue).label("overdue"),
            func.max(ItemProgress.updated_at).label("last_progress_at"),
        )
        .where(where)
        .group_by(CohortStudent.membership_id)
        .subquery("facts")
    )


def _stage_subquery(people):
    """Return the blueprint stages of `people` only (not of every student in the institution:
    the grouped subquery is computed before the join, so an unfiltered one aggregates every
    plan on each request)."""
    source = blueprint_stage_source()
    if source is None:
        return None
    stages = source()
    return stages.where(stages.selected_columns.membership_id.in_(people)).subquery("stages")


@dataclass(frozen=True)
class StudentFacts:
    membership_id: int
    name: str
    email: str
    facts: Facts
    last_activity: datetime | None


def _to_student_facts(row, stages) -> StudentFacts:
    stage = BlueprintStage(row.stage) if stages is not None and row.stage else BlueprintStage.NONE
    blueprint_updated = aware(row.blueprint_updated_at) if stages is not None else None
    facts = Facts(
        required_total=int(row.required_total or 0),
        required_complete=int(row.required_complete or 0),
        items_touched=int(row.items_touched or 0),
        overdue=int(row.overdue or 0),
        stage=stage,
        changes_requested_at=aware(row.changes_requested_at) if stages is not None else None,
        blueprint_updated_at=blueprint_updated,
    )
    moments = [m for m in (aware(row.last_progress_at), blueprint_updated) if m is not None]
    return StudentFacts(row.membership_id, row.name, row.email, facts, max(moments, default=None))


def students_facts(today: date, *, cohort_id: int | None = None, membership_id: int | None = None):
    """Return the readiness facts of a cohort's students (or one of them), or of one student
    over all their cohorts.

    One query, whatever the number of students and items.
    """
    conditions = []
    if cohort_id is not None:
        conditions.append(CohortStudent.cohort_id == cohort_id)
    if membership_id is not None:
        conditions.append(CohortStudent.membership_id == membership_id)
    where = and_(*conditions)
    facts = _facts_subquery(today, where)
    people_select = (
        select(CohortStudent.membership_id.label("membership_id")).where(where)
        if cohort_id is not None
        else select(Membership.id.label("membership_id")).where(Membership.id == membership_id)
    )
    stages = _stage_subquery(people_select)
    people = people_select.subquery("people")
    stmt = (
        select(
            people.c.membership_id,
            User.name,
            User.email,
            facts.c.required_total,
            facts.c.required_complete,
            facts.c.items_touched,
            facts.c.overdue,
            facts.c.last_progress_at,
        )
        .select_from(people)
        .join(Membership, Membership.id == people.c.membership_id)
        .join(User, User.id == Membership.user_id)
        .outerjoin(facts, facts.c.membership_id == people.c.membership_id)
    )
    if stages is not None:
        stmt = stmt.add_columns(
            stages.c.stage,
            stages.c.changes_requested_at,
            stages.c.updated_at.label("blueprint_updated_at"),
        ).outerjoin(stages, stages.c.membership_id == people.c.membership_id)
    else:
        stmt = stmt.add_columns(
            null().label("stage"),
            null().label("changes_requested_at"),
            null().label("blueprint_updated_at"),
        )
    rows = db.session.execute(stmt.order_by(User.name)).all()
    return [_to_student_facts(row, stages) for row in rows]


def competency_completion(cohort_id: int) -> list[tuple[str, int, int]]:
    """Return (competency, complete, total) over every student × item of a cohort, by competency."""
    stmt = (
        _student_items()
        .add_columns(ChecklistItem.competency, func.count(), _one(COMPLETE))
        .where(CohortStudent.cohort_id == cohort_id, ChecklistItem.competency.is_not(None))
        .group_by(ChecklistItem.competency)
        .order_by(ChecklistItem.competency)
    )
    return [(name, int(done), int(total)) for name, total, done in db.session.execute(stmt)]


def student_competencies(membership_id: int) -> list[tuple[str, int, int]]:
    """Return (competency, complete, total) for one student over all their assignments."""
    stmt = (
        _student_items()
        .add_columns(ChecklistItem.competency, func.count(), _one(COMPLETE))
        .where(
            CohortStudent.membership_id == membership_id,
            ChecklistItem.competency.is_not(None),
        )
        .group_by(ChecklistItem.competency)
        .order_by(ChecklistItem.competency)
    )
    return [(name, int(done), int(total)) for name, total, done in db.session.execute(stmt)]


__all__ = ["StudentFacts", "competency_completion", "student_competencies", "students_facts"]
