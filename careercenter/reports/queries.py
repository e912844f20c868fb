"""The report's SQL beyond readiness' facts: checklists, trend, turnaround, counts.

Each function is one statement over the selected cohorts, whatever their size.
"""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

from sqlalchemy import and_, bindparam, case, func, select

from ..checklists.models import (
    Assignment,
    ChecklistItem,
    ChecklistVersion,
    ItemProgress,
    ProgressStatus,
)
from ..checklists.rules import complete_sql
from ..cohorts.models import Cohort, CohortStudent
from ..extensions import db
from ..plans.models import Plan, PlanRevision
from ..readiness.queries import aware, student_items

COMPLETE = complete_sql()


def _in_cohorts(column):
    return column.in_(bindparam("cohort_ids", expanding=True))


def _students_of_cohorts():
    return select(CohortStudent.membership_id).where(_in_cohorts(CohortStudent.cohort_id))


def student_count(cohort_ids: list[int]) -> int:
    """Return how many students the cohorts hold (a student in two counts once)."""
    if not cohort_ids:
        return 0
    stmt = select(func.count(func.distinct(CohortStudent.membership_id))).where(
        _in_cohorts(CohortStudent.cohort_id)
    )
    return int(db.session.execute(stmt, {"cohort_ids": cohort_ids}).scalar_one())


def checklist_completion(cohort_ids: list[int]) -> list[tuple[str, int, int]]:
    """Return (checklist, students who completed every required item, students assigned)."""
    if not cohort_ids:
        return []
    required = ChecklistItem.required.is_(True)
    per_student = (
        student_items()
        .join(ChecklistVersion, ChecklistVersion.id == Assignment.version_id)
        .add_columns(
            ChecklistVersion.template_id.label("template_id"),
            CohortStudent.membership_id.label("membership_id"),
            func.max(ChecklistVersion.title).label("title"),
            func.sum(case((required, 1), else_=0)).label("required_total"),
            func.sum(case((and_(required, COMPLETE), 1), else_=0)).label("required_done"),
        )
        .where(_in_cohorts(CohortStudent.cohort_id))
        .group_by(ChecklistVersion.template_id, CohortStudent.membership_id)
        .subquery("per_student")
    )
    finished = and_(
        per_student.c.required_total > 0,
        per_student.c.required_done >= per_student.c.required_total,
    )
    # Named by the assigned version's title (frozen once published, and watched by the
    # readiness versions), not the template's, which publishing a newer version renames.
    title = func.max(per_student.c.title)
    stmt = (
        select(title, func.sum(case((finished, 1), else_=0)), func.count())
        .select_from(per_student)
        .group_by(per_student.c.template_id)
        .order_by(title, per_student.c.template_id)
    )
    rows = db.session.execute(stmt, {"cohort_ids": cohort_ids})
    return [(title, int(done or 0), int(total)) for title, done, total in rows]


def _week_counts(column, bounds: list[datetime]):
    return [
        func.coalesce(func.sum(case((and_(column >= low, column < high), 1), else_=0)), 0)
        for low, high in pairwise(bounds)
    ]


def items_completed_by_week(cohort_ids: list[int], bounds: list[datetime]) -> list[int]:
    """Return the items marked done (or verified) in each week between consecutive `bounds`."""
    if not cohort_ids:
        return [0] * (len(bounds) - 1)
    stmt = (
        select(*_week_counts(ItemProgress.done_at, bounds))
        .select_from(ItemProgress)
        .join(Assignment, Assignment.id == ItemProgress.assignment_id)
        .join(
            CohortStudent,
            and_(
                CohortStudent.cohort_id == Assignment.cohort_id,
                CohortStudent.membership_id == ItemProgress.membership_id,
            ),
        )
        .where(
            _in_cohorts(Assignment.cohort_id),
            ItemProgress.status.in_([ProgressStatus.DONE, ProgressStatus.VERIFIED]),
            ItemProgress.done_at >= bounds[0],
        )
    )
    return [int(n) for n in db.session.execute(stmt, {"cohort_ids": cohort_ids}).one()]


def blueprints_submitted_by_week(cohort_ids: list[int], bounds: list[datetime]) -> list[int]:
    """Return the blueprint revisions the cohorts' students submitted in each week."""
    if not cohort_ids:
        return [0] * (len(bounds) - 1)
    stmt = (
        select(*_week_counts(PlanRevision.submitted_at, bounds))
        .select_from(PlanRevision)
        .join(Plan, Plan.id == PlanRevision.plan_id)
        .where(
            Plan.owner_id.in_(_students_of_cohorts()),
            PlanRevision.submitted_at >= bounds[0],
        )
    )
    return [int(n) for n in db.session.execute(stmt, {"cohort_ids": cohort_ids}).one()]


def decided_revisions(cohort_ids: list[int]) -> list[tuple[datetime, datetime]]:
    """Return (submitted, decided) of every decided revision of the cohorts' students."""
    if not cohort_ids:
        return []
    stmt = (
        select(PlanRevision.submitted_at, PlanRevision.decided_at)
        .join(Plan, Plan.id == PlanRevision.plan_id)
        .where(
            Plan.owner_id.in_(_students_of_cohorts()),
            PlanRevision.decided_at.is_not(None),
        )
    )
    rows = db.session.execute(stmt, {"cohort_ids": cohort_ids})
    return [(aware(s), aware(d)) for s, d in rows]  # type: ignore[misc]


def cohort_names(membership_ids: list[int], cohort_ids: list[int]) -> dict[int, str]:
    """Return each student's cohorts among `cohort_ids`, as "A; B" by membership id."""
    if not membership_ids or not cohort_ids:
        return {}
    stmt = (
        select(CohortStudent.membership_id, Cohort.name)
        .join(Cohort, Cohort.id == CohortStudent.cohort_id)
        .where(
            CohortStudent.membership_id.in_(membership_ids),
            _in_cohorts(CohortStudent.cohort_id),
        )
        .order_by(Cohort.name)
    )
    names: dict[int, list[str]] = {}
    for membership_id, name in db.session.execute(stmt, {"cohort_ids": cohort_ids}):
        names.setdefault(membership_id, []).append(name)
    return {key: "; ".join(value) for key, value in names.items()}


__all__ = [
    "blueprints_submitted_by_week",
    "checklist_completion",
    "cohort_names",
    "decided_revisions",
    "items_completed_by_week",
    "student_count",
]
