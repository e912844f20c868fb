"""The SQL that feeds the readiness rules: one aggregate query per page, whatever the size.

Progress rows are lazy (no row = to do), so every (student × assigned item) pair is built from
cohort enrolments × assignments × items, with the progress row outer-joined.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache

from sqlalchemy import BindParameter, Date, Select, and_, bindparam, case, func, null, select

from ..auth.models import User
from ..checklists.models import (
    Assignment,
    ChecklistItem,
    ChecklistVersion,
    ItemProgress,
    ProgressStatus,
)
from ..checklists.rules import complete_sql, overdue_sql, progress_of, status_sql
from ..cohorts.models import Cohort, CohortStudent
from ..extensions import db
from ..stages import BlueprintStage, blueprint_stage_source
from ..tenancy.models import Membership
from .rules import Facts

STATUS = status_sql()
COMPLETE = complete_sql()


def aware(moment: datetime | None) -> datetime | None:
    """Return `moment` as UTC-aware (SQLite hands back naive datetimes)."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _one(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def student_items():
    """Return a SELECT joining each enrolment to its cohort's assigned items and progress."""
    return (
        select()
        .select_from(CohortStudent)
        .join(Assignment, Assignment.cohort_id == CohortStudent.cohort_id)
        .join(ChecklistItem, ChecklistItem.version_id == Assignment.version_id)
        .outerjoin(ItemProgress, progress_of(CohortStudent.membership_id))
    )


def facts_subquery(where):
    required = ChecklistItem.required.is_(True)
    overdue = overdue_sql(Assignment.due_on, bindparam("today", type_=Date))
    return (
        student_items()
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


@dataclass(frozen=True)
class StudentFacts:
    membership_id: int
    name: str
    email: str
    facts: Facts
    last_activity: datetime | None
    # The membership's readiness version (and creation, against a reused id) as read with
    # these facts: the dashboard's cache rereads a student only when it has moved.
    version: tuple = ()


def _to_student_facts(row, with_stages: bool) -> StudentFacts:
    stage = BlueprintStage(row.stage) if with_stages and row.stage else BlueprintStage.NONE
    blueprint_updated = aware(row.blueprint_updated_at) if with_stages else None
    facts = Facts(
        required_total=int(row.required_total or 0),
        required_complete=int(row.required_complete or 0),
        items_touched=int(row.items_touched or 0),
        overdue=int(row.overdue or 0),
        stage=stage,
        changes_requested_at=aware(row.changes_requested_at) if with_stages else None,
        blueprint_updated_at=blueprint_updated,
    )
    moments = [m for m in (aware(row.last_progress_at), blueprint_updated) if m is not None]
    return StudentFacts(
        row.membership_id,
        row.name,
        row.email,
        facts,
        max(moments, default=None),
        (row.member_version, row.member_created_at),
    )


MEMBERS: BindParameter[int] = bindparam("membership_ids", expanding=True)


def join_stages(stmt: Select, source, people_select: Select, key) -> Select:
    """Add each student's blueprint stage columns to `stmt`, joined on `key` (a membership id).

    Only the students of `people_select`: a grouped subquery is computed before the join, so
    an unfiltered one would aggregate every plan of the institution on each request.
    """
    all_stages = source()
    stages = all_stages.where(
        all_stages.selected_columns.membership_id.in_(people_select)
    ).subquery("stages")
    return stmt.add_columns(
        stages.c.stage,
        stages.c.changes_requested_at,
        stages.c.updated_at.label("blueprint_updated_at"),
    ).outerjoin(stages, stages.c.membership_id == key)


def _student_columns(facts) -> tuple:
    """The columns every facts SELECT reads beside a student's id (see `_to_student_facts`)."""
    return (
        User.name,
        User.email,
        facts.c.required_total,
        facts.c.required_complete,
        facts.c.items_touched,
        facts.c.overdue,
        facts.c.last_progress_at,
        Membership.readiness_version.label("member_version"),
        Membership.created_at.label("member_created_at"),
    )


@cache
def _facts_statement(by_cohort: bool, source, some: bool = False) -> Select:
    """Build the facts SELECT once per shape; values arrive as bind parameters.

    Building this expression costs more than running it, so pages reuse it. `some`: only
    the cohort's students listed in `membership_ids` (the ones whose version moved).
    """
    if by_cohort:
        where = CohortStudent.cohort_id == bindparam("cohort_id")
        if some:
            where = and_(where, CohortStudent.membership_id.in_(MEMBERS))
        people_select = select(CohortStudent.membership_id.label("membership_id")).where(where)
    else:
        where = CohortStudent.membership_id == bindparam("membership_id")
        people_select = select(Membership.id.label("membership_id")).where(
            Membership.id == bindparam("membership_id")
        )
    people = people_select.subquery("people")
    facts = facts_subquery(where)
    stmt = (
        select(
            people.c.membership_id,
            *_student_columns(facts),
        )
        .select_from(people)
        .join(Membership, Membership.id == people.c.membership_id)
        .join(User, User.id == Membership.user_id)
        .outerjoin(facts, facts.c.membership_id == people.c.membership_id)
    )
    if source is not None:
        stmt = join_stages(stmt, source, people_select, people.c.membership_id)
    else:
        stmt = stmt.add_columns(
            null().label("stage"),
            null().label("changes_requested_at"),
            null().label("blueprint_updated_at"),
        )
    return stmt.order_by(User.name)


def students_facts(
    today: date,
    *,
    cohort_id: int | None = None,
    membership_id: int | None = None,
    membership_ids: Collection[int] | None = None,
):
    """Return the readiness facts of a cohort's students (or one of them, or those listed in
    `membership_ids`), or of one student over all their cohorts.

    One query, whatever the number of students and items.
    """
    source = blueprint_stage_source()
    params: dict[str, object] = {"today": today}
    if cohort_id is not None:
        params["cohort_id"] = cohort_id
    if membership_id is not None:
        params["membership_id"] = membership_id
    some = cohort_id is not None and membership_ids is not None
    if some:
        params["membership_ids"] = sorted(membership_ids or ())
    stmt = _facts_statement(cohort_id is not None, source, some)
    if cohort_id is not None and membership_id is not None:
        stmt = stmt.where(Membership.id == bindparam("membership_id"))
    rows = db.session.execute(stmt, params).all()
    return [_to_student_facts(row, source is not None) for row in rows]


@cache
def _competency_statement() -> Select:
    return (
        student_items()
        .add_columns(ChecklistItem.competency, func.count(), _one(COMPLETE))
        .where(
            CohortStudent.membership_id == bindparam("key"), ChecklistItem.competency.is_not(None)
        )
        .group_by(ChecklistItem.competency)
        .order_by(ChecklistItem.competency)
    )


@cache
def _competencies_by_student_statement(some: bool) -> Select:
    where = CohortStudent.cohort_id == bindparam("cohort_id")
    if some:
        where = and_(where, CohortStudent.membership_id.in_(MEMBERS))
    return (
        student_items()
        .add_columns(
            CohortStudent.membership_id, ChecklistItem.competency, func.count(), _one(COMPLETE)
        )
        .where(where, ChecklistItem.competency.is_not(None))
        .group_by(CohortStudent.membership_id, ChecklistItem.competency)
    )


def competencies_by_student(
    cohort_id: int, membership_ids: Collection[int] | None = None
) -> dict[int, dict[str, tuple[int, int]]]:
    """Return, per student of a cohort (or those listed), competency -> (complete, total) over
    the cohort's assigned items: the parts its completion by competency adds up. One query."""
    params: dict[str, object] = {"cohort_id": cohort_id}
    if membership_ids is not None:
        params["membership_ids"] = sorted(membership_ids)
    stmt = _competencies_by_student_statement(membership_ids is not None)
    found: dict[int, dict[str, tuple[int, int]]] = {}
    for member, name, total, done in db.session.execute(stmt, params):
        found.setdefault(member, {})[name] = (int(done), int(total))
    return found


@cache
def _member_versions_statement() -> Select:
    return (
        select(CohortStudent.membership_id, Membership.readiness_version, Membership.created_at)
        .join(Membership, Membership.id == CohortStudent.membership_id)
        .where(CohortStudent.cohort_id == bindparam("cohort_id"))
    )


def member_versions(cohort_id: int) -> dict[int, tuple]:
    """Return the readiness version (and creation) of each student of a cohort: one query,
    one index range, no aggregate."""
    rows = db.session.execute(_member_versions_statement(), {"cohort_id": cohort_id})
    return {member: (version, created) for member, version, created in rows}


def student_competencies(membership_id: int) -> list[tuple[str, int, int]]:
    """Return (competency, complete, total) for one student over all their assignments."""
    rows = db.session.execute(_competency_statement(), {"key": membership_id})
    return [(name, int(done), int(total)) for name, total, done in rows]


@cache
def _cohorts_facts_statement(source) -> Select:
    """Build the facts SELECT over the students of several cohorts (their items in those only)."""
    where = CohortStudent.cohort_id.in_(bindparam("cohort_ids", expanding=True))
    people_select = select(CohortStudent.membership_id.label("membership_id")).where(where)
    facts = facts_subquery(where)
    # Driven by memberships (a key lookup each), not by a DISTINCT subquery: SQLite joins two
    # materialised subqueries by scanning one per row of the other (15 s for 10,000 students).
    stmt = (
        select(
            Membership.id.label("membership_id"),
            *_student_columns(facts),
        )
        .select_from(Membership)
        .join(User, User.id == Membership.user_id)
        .outerjoin(facts, facts.c.membership_id == Membership.id)
        .where(Membership.id.in_(people_select))
    )
    if source is not None:
        stmt = join_stages(stmt, source, people_select, Membership.id)
    return stmt.order_by(User.name, Membership.id)


def cohorts_students_facts(today: date, cohort_ids: list[int], batch: int | None = None):
    """Yield the readiness facts of every student of `cohort_ids`, by name, in one query.

    A student in several of them counts their items in each once. With `batch`, rows are
    fetched `batch` at a time (flat memory for a streamed export), else all at once.
    """
    if not cohort_ids:
        return
    source = blueprint_stage_source()
    stmt = _cohorts_facts_statement(source)
    if batch:
        stmt = stmt.execution_options(yield_per=batch)
    result = db.session.execute(stmt, {"today": today, "cohort_ids": list(cohort_ids)})
    for row in result:
        yield _to_student_facts(row, source is not None)


@cache
def _cohorts_competency_statement() -> Select:
    return (
        student_items()
        .add_columns(ChecklistItem.competency, func.count(), _one(COMPLETE))
        .where(
            CohortStudent.cohort_id.in_(bindparam("cohort_ids", expanding=True)),
            ChecklistItem.competency.is_not(None),
        )
        .group_by(ChecklistItem.competency)
        .order_by(ChecklistItem.competency)
    )


def cohorts_competency_completion(cohort_ids: list[int]) -> list[tuple[str, int, int]]:
    """Return (competency, complete, total) over every student × item of several cohorts."""
    if not cohort_ids:
        return []
    rows = db.session.execute(_cohorts_competency_statement(), {"cohort_ids": list(cohort_ids)})
    return [(name, int(done), int(total)) for name, total, done in rows]


@cache
def _home_statement(source) -> Select:
    """Build the student home's SELECT once: plain columns, no ORM objects.

    Each of the student's cohorts, outer-joined to each item of each checklist assigned to
    it with the student's progress, then their blueprint stage: one row per (cohort, item),
    one row of None item columns for a cohort without items, one row of None cohort columns
    for a student without a cohort. The first nine columns are the item's (`home_rows`).
    """
    student: BindParameter[int] = bindparam("membership_id")
    stmt = (
        select(
            Assignment.id,
            Assignment.due_on,
            ChecklistVersion.title,
            ChecklistItem.id.label("item_id"),
            ChecklistItem.title,
            ChecklistItem.required,
            ChecklistItem.needs_verification,
            ChecklistItem.competency,
            ItemProgress.status,
            ChecklistItem.position,
            Cohort.id.label("cohort_id"),
            Cohort.name.label("cohort_name"),
            Cohort.term.label("cohort_term"),
        )
        .select_from(Membership)
        .outerjoin(CohortStudent, CohortStudent.membership_id == Membership.id)
        .outerjoin(Cohort, Cohort.id == CohortStudent.cohort_id)
        .outerjoin(Assignment, Assignment.cohort_id == Cohort.id)
        .outerjoin(ChecklistVersion, ChecklistVersion.id == Assignment.version_id)
        .outerjoin(ChecklistItem, ChecklistItem.version_id == Assignment.version_id)
        .outerjoin(ItemProgress, progress_of(Membership.id))
        .where(Membership.id == student)
        .order_by(Cohort.name, Cohort.id)
    )
    if source is None:
        return stmt.add_columns(
            null().label("stage"),
            null().label("changes_requested_at"),
            null().label("blueprint_updated_at"),
        )
    all_stages = source()
    stages = all_stages.where(all_stages.selected_columns.membership_id == student).subquery(
        "stages"
    )
    return stmt.add_columns(
        stages.c.stage,
        stages.c.changes_requested_at,
        stages.c.updated_at.label("blueprint_updated_at"),
    ).outerjoin(stages, stages.c.membership_id == Membership.id)


def home_rows(membership_id: int):
    """Return the student home's rows (`_home_statement`), in one query: the first nine
    columns of an item's row are its assignment id and due date, checklist title, item id,
    title, required, needs_verification, competency and progress status (None: to do); then
    its position, the cohort's id, name and term, and the student's blueprint stage columns
    (stage, changes_requested_at, blueprint_updated_at: None without a blueprint)."""
    stmt = _home_statement(blueprint_stage_source())
    return db.session.execute(stmt, {"membership_id": membership_id}).all()


__all__ = [
    "StudentFacts",
    "cohorts_competency_completion",
    "cohorts_students_facts",
    "competencies_by_student",
    "facts_subquery",
    "home_rows",
    "join_stages",
    "member_versions",
    "student_competencies",
    "students_facts",
]
