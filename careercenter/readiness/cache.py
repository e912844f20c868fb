"""Keep readiness inputs between requests, and know exactly when they go out of date.

Each cohort carries a `readiness_version`: the number of committed changes to the data its
dashboard reads (enrolments, assignments, checklist versions and items, progress, its
people's memberships, names and blueprints). Each membership carries one too, for what a
student's home reads: their own progress, blueprints, name and enrolments, and the
checklists and names of their cohorts (and, for an advisor, their cohort assignments: their
access to a dashboard is kept by it); a student's also moves with the feedback on their
blueprints (reviews, comments, replies), which the review screen keeps under it. Cached
values are keyed by those versions, so a page never sees facts older than the database it
just read the version from; a student's tick invalidates their own home and their cohorts'
dashboards, nobody else's.

A `before_flush` listener notes which cohorts and members a flush touches; a
`before_commit` listener bumps them (`UPDATE … SET readiness_version = readiness_version + 1
WHERE id IN (…)`: cohorts, then members, sorted: one lock order), atomic with the change.
The rows are locked only from that statement to the commit, so writers in one institution
do not wait for each other through their transactions (a blueprint save's page count, say).
A transaction with changes noted and not committed reads around the cache.

Each process keeps its own small LRUs; the versions come with the cohort a dashboard loads
and with the membership every tenant request loads: checking them costs no query.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Literal, cast

from flask import has_app_context
from sqlalchemy import ColumnElement, Insert, Table, event, inspect, select, union, update
from sqlalchemy.orm import ORMExecuteState, Session

from ..checklists.models import Assignment, ChecklistItem
from ..cohorts.models import Cohort, CohortAdvisor, CohortStudent
from ..extensions import db
from ..tenancy.models import Membership
from ..tenancy.scoping import current_institution_id

# Columns of the (platform-wide) users table that cached values show: name and email.
USER_COLUMNS = ("name", "email")
PENDING = "readiness_cohorts"  # session.info: cohort ids to bump at commit
MEMBERS = "readiness_members"  # session.info: membership ids to bump at commit
PENDING_ALL = "readiness_all"  # session.info: institutions (None: all) to bump entirely
NOTES = (PENDING, MEMBERS, PENDING_ALL)


class Stats:
    """Lookups in every LRU of this process, for the bench's hit rate."""

    hits = 0
    misses = 0


stats = Stats()


def count_lookup(hit: bool) -> None:
    """Count one lookup: a hit is a value served without reading the database."""
    if hit:
        stats.hits += 1
    else:
        stats.misses += 1


class LRU:
    """A small thread-safe least-recently-used map."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, count: bool = True) -> Any:
        """Return the value under `key` or None; `count=False`: the caller counts the lookup
        itself (`count_lookup`), e.g. an entry found but refreshed is no hit."""
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            if count:
                count_lookup(value is not None)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


cohorts = LRU(192)  # two entries per cohort (facts with competencies, assessment)
students = LRU(4096)  # one student's home readiness each
follows = LRU(4096)  # whether an advisor may see a cohort, per advisor membership version
board_rows = LRU(4096)  # a dashboard row's HTML, by the row's value (never out of date)
homes = LRU(4096)  # the HTML of a student home's progress, per snapshot and assessment
CACHES = (cohorts, students, follows, board_rows, homes)


def clear() -> None:
    """Forget every cached value (tests; a restored database)."""
    for lru in CACHES:
        lru.clear()


def _changing() -> bool:
    """Return whether this transaction has readiness changes it has not committed yet."""
    info = db.session.info
    return any(info.get(note) for note in NOTES)


def cohort_key(cohort_id: int) -> tuple | None:
    """Return what identifies the cohort's readiness data now, or None (do not cache).

    The cohort comes from the session's identity map when the view loaded it (no query).
    None inside a transaction that has changed readiness data and not committed.
    """
    if not has_app_context() or _changing():
        return None
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or cohort.institution_id != current_institution_id():
        return None  # a session that visited another institution: never share its entries
    return (cohort.institution_id, cohort.id, cohort.created_at, cohort.readiness_version)


def student_key(membership: Membership) -> tuple | None:
    """Return what identifies a member's readiness data now (their membership's version,
    loaded with it by every tenant request), or None (do not cache)."""
    if not has_app_context() or _changing():
        return None
    if membership.institution_id != current_institution_id():
        return None
    return (
        membership.institution_id,
        membership.id,
        membership.created_at,
        membership.readiness_version,
    )


def cached(lru: LRU, key: tuple | None, compute: Callable[[], Any]) -> Any:
    """Return the value cached under `key`, computing and storing it on a miss."""
    if key is None:
        return compute()
    value = lru.get(key)
    if value is None:
        value = compute()
        lru.put(key, value)
    return value


# --- which cohorts a change touches -------------------------------------------------------

_cs, _ca = CohortStudent.__table__, CohortAdvisor.__table__
_assignments, _items = Assignment.__table__, ChecklistItem.__table__


def _cohorts_of_members(ids):
    return union(
        select(_cs.c.cohort_id).where(_cs.c.membership_id.in_(ids)),
        select(_ca.c.cohort_id).where(_ca.c.membership_id.in_(ids)),
    )


def _cohorts_of_users(ids):
    members = select(Membership.__table__.c.id).where(Membership.__table__.c.user_id.in_(ids))
    return _cohorts_of_members(members.scalar_subquery())


def _cohorts_of_versions(ids):
    return select(_assignments.c.cohort_id).where(_assignments.c.version_id.in_(ids))


def _cohorts_of_students(ids):
    return select(_cs.c.cohort_id).where(_cs.c.membership_id.in_(ids))


def _cohorts_of_plans(ids):
    from ..plans.models import Plan

    owners = select(Plan.__table__.c.owner_id).where(Plan.__table__.c.id.in_(ids))
    return _cohorts_of_students(owners.scalar_subquery())


def _members_of_plans(ids):
    from ..plans.models import Plan

    return select(Plan.__table__.c.owner_id).where(Plan.__table__.c.id.in_(ids))


def _members_of_users(ids):
    table = Membership.__table__
    return select(table.c.id).where(table.c.user_id.in_(ids))


def _members_of_comments(ids):
    from ..reviews.models import ReviewComment

    table = ReviewComment.__table__
    plans = select(table.c.plan_id).where(table.c.id.in_(ids))
    return _members_of_plans(plans.scalar_subquery())


def _progress_cohorts(ids):
    return select(_assignments.c.cohort_id).where(_assignments.c.id.in_(ids))


# table -> (column of a changed row, query from its values to cohorts (None: they are
# cohort ids; False: no cohort), query to members (None: they are membership ids; False: no
# member), whether the change reaches every student of those cohorts (a checklist, a
# cohort's name))
_LEADS: dict[
    str,
    tuple[str, Callable | Literal[False] | None, Callable | Literal[False] | None, bool],
] = {
    "cohorts": ("id", None, False, True),
    "cohort_students": ("cohort_id", None, False, False),
    "cohort_advisors": ("cohort_id", None, False, False),
    "checklist_assignments": ("cohort_id", None, False, True),
    "checklist_versions": ("id", _cohorts_of_versions, False, True),
    "checklist_items": ("version_id", _cohorts_of_versions, False, True),
    "item_progress": ("assignment_id", _progress_cohorts, False, False),
    "memberships": ("id", _cohorts_of_members, None, False),
    # By owner: a new plan has no id yet when the flush is looked at.
    "plans": ("owner_id", _cohorts_of_students, None, False),
    "plan_revisions": ("plan_id", _cohorts_of_plans, _members_of_plans, False),
    "users": ("id", _cohorts_of_users, _members_of_users, False),
    # Feedback on a student's blueprints: their own version only (the review screen keeps
    # its comments under it); no dashboard shows it, so no cohort moves.
    "reviews": ("plan_id", False, _members_of_plans, False),
    "review_comments": ("plan_id", False, _members_of_plans, False),
    "comment_replies": ("comment_id", False, _members_of_comments, False),
}
# Rows that name their member directly: the member to bump besides the cohorts (a student's
# progress and enrolments; an advisor's assignments, which an advisor's access is kept by).
_MEMBER_COLUMN = {
    "item_progress": "membership_id",
    "cohort_students": "membership_id",
    "cohort_advisors": "membership_id",
}
# The tenant tables the facts, competency and student-items queries read (a test checks this
# against them), plus the blueprint revisions whose decisions move a plan's state.
WATCHED_TABLES = frozenset(_LEADS) - {"users"}


def _values(obj, column: str) -> set:
    """Return the column's value and, for a changed row, the one it had (a row moved)."""
    history = inspect(obj).attrs[column].history
    values = {getattr(obj, column), *history.deleted}
    return {v for v in values if v is not None}


def _table(obj) -> str | None:
    table = getattr(type(obj), "__table__", None)
    return table.name if table is not None else None


@event.listens_for(Session, "before_flush")
def _note_flush(session: Session, flush_context, instances) -> None:
    """Note the cohorts and members whose readiness data this flush changes (before
    deletions cascade)."""
    leads: dict[str, set] = {}
    members: set[int] = set()
    dirty, deleted = session.dirty, session.deleted
    for obj in (*session.new, *dirty, *deleted):
        table = _table(obj)
        if table not in _LEADS or (obj in session.new and table in ("users", "cohorts")):
            continue
        if obj in dirty and not session.is_modified(obj, include_collections=False):
            continue
        if table == "users" and obj not in deleted:
            state = inspect(obj)
            if not any(state.attrs[name].history.has_changes() for name in USER_COLUMNS):
                continue
        leads.setdefault(table, set()).update(_values(obj, _LEADS[table][0]))
        if table in _MEMBER_COLUMN:
            members |= _values(obj, _MEMBER_COLUMN[table])
    _note_leads(session, leads, members)


def _note_leads(session: Session, leads: dict[str, set], members: set[int]) -> None:
    """Note the cohorts and members reached from changed rows' lead values (`_LEADS`)."""
    cohorts: set[int] = set()
    structure: set[int] = set()
    connection = session.connection() if leads else None
    for table, values in leads.items():
        to_cohorts, to_members, reaches_students = _LEADS[table][1:]
        if not values:
            continue
        if to_cohorts is False:
            found: set = set()
        elif to_cohorts is None:
            found = values
        else:
            found = _column(connection, to_cohorts(sorted(values)))
        cohorts |= found
        if reaches_students:
            structure |= found
        if to_members is None:
            members |= values
        elif to_members:
            members |= _column(connection, to_members(sorted(values)))
    if structure:  # now, before a deleted cohort's enrolments go with it
        students = select(_cs.c.membership_id).where(_cs.c.cohort_id.in_(sorted(structure)))
        members |= _column(connection, students)
    for note, ids in ((PENDING, cohorts), (MEMBERS, members)):
        if ids:
            session.info.setdefault(note, set()).update(ids)


def _column(connection, statement) -> set:
    return {row[0] for row in connection.execute(statement)}


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_write(state: ORMExecuteState) -> None:
    """Note every cohort of the institution (of all, for people) for a bulk statement on a
    watched table: flushes never see its rows."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    tables = {cast(Table, mapper.local_table).name for mapper in state.all_mappers}
    if not tables & (WATCHED_TABLES | {"users"}):
        return
    if len(tables) == 1 and _note_rows_of(state, tables.pop()):
        return
    tenant = current_institution_id()
    everywhere = tenant is None or "users" in tables
    state.session.info.setdefault(PENDING_ALL, set()).add(None if everywhere else tenant)


def _note_rows_of(state: ORMExecuteState, name: str) -> bool:
    """Note just the rows a one-table statement writes, when they can be told: the values
    of a one-row INSERT (an enrolment), or the rows an UPDATE or DELETE matches, read now,
    before it runs. Return False to fall back to the whole institution."""
    if name not in _LEADS or name == "users":
        return False
    table = cast(Table, state.all_mappers[0].local_table)
    columns = [_LEADS[name][0], *([_MEMBER_COLUMN[name]] if name in _MEMBER_COLUMN else [])]
    statement = state.statement
    if state.parameters:  # rows or values passed apart (bulk, executemany): not told here
        return False
    if state.is_insert:
        params = cast(Insert, statement).compile().params
        if any(params.get(column) is None for column in columns):
            return False
        rows = [tuple(params[column] for column in columns)]
    else:
        where = getattr(statement, "whereclause", None)
        if where is None:
            return False
        query = select(*(table.c[column] for column in columns)).where(where)
        rows = list(state.session.connection().execute(query))
    leads = {name: {row[0] for row in rows}}
    members = {row[1] for row in rows} if len(columns) == 2 else set()
    _note_leads(state.session, leads, members)
    return True


@event.listens_for(Session, "before_commit")
def _bump(session: Session) -> None:
    """Flush what is left, then bump the noted cohorts and members, in the transaction being
    committed: cohorts first, then members, each in id order."""
    if session.in_nested_transaction():
        return
    session.flush()
    cohorts, members, institutions = (session.info.pop(note, None) for note in NOTES)
    if not (cohorts or members or institutions):
        return
    connection = session.connection()
    tables = (cast(Table, Cohort.__table__), cast(Table, Membership.__table__))
    for table, ids in zip(tables, (cohorts, members), strict=True):
        stmt = update(table).values(readiness_version=table.c.readiness_version + 1)
        if institutions and None in institutions:
            connection.execute(stmt)
        elif ids or institutions:
            condition: ColumnElement[bool] = table.c.id.in_(sorted(ids or ()))
            if institutions:
                condition = condition | table.c.institution_id.in_(sorted(institutions))
            connection.execute(stmt.where(condition))


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction) -> None:
    """Start afresh after a commit or a rollback of the whole transaction (a savepoint rolled
    back may leave a change noted: bumping once too often is harmless)."""
    if transaction.parent is None:
        for note in NOTES:
            session.info.pop(note, None)
