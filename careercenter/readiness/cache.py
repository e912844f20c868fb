"""Keep readiness inputs between requests, and know exactly when they go out of date.

`Institution.readiness_version` counts changes to the data readiness reads. One session
listener bumps it, in the same transaction as the change, whenever a flush (or a bulk
statement) writes a row of a table the facts query reads: enrolments, assignments, items,
progress, memberships, blueprints. Cached values are keyed by that version, so a page never
sees facts older than the database it just read the version from. The bump is one atomic
`UPDATE … SET readiness_version = readiness_version + 1`, at most once per institution per
transaction, taken before the flush writes anything (a stable lock order, no read-modify-write).

Each process keeps its own small LRU: the version comes with the institution every tenant
request already loads, so checking it costs no query.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from flask import g, has_app_context
from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import ORMExecuteState, Session

from ..auth.models import User
from ..extensions import db
from ..tenancy.models import Institution, Membership
from ..tenancy.scoping import current_institution_id

# The tenant tables the facts, competency and student-items queries read (a test checks this
# against them), plus the blueprint revisions whose decisions move a plan's state. Cohorts:
# deleting one removes its enrolments and assignments by database cascade, unseen by a flush.
WATCHED_TABLES = frozenset(
    {
        "cohorts",
        "cohort_students",
        "cohort_advisors",  # the advisor home lists an advisor's cohorts
        "checklist_assignments",
        "checklist_versions",
        "checklist_items",
        "item_progress",
        "memberships",
        "plans",
        "plan_revisions",
    }
)
# Columns of the (platform-wide) users table that cached values show: name and email (facts),
# and whether a password is set (the admin home counts invitations not yet accepted).
USER_COLUMNS = ("name", "email", "password_hash")
BUMPED = "readiness_bumped"  # session.info key: institutions bumped in this transaction


class LRU:
    """A small thread-safe least-recently-used map."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
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


cohorts = LRU(192)  # three entries per cohort (facts, assessment, competencies)
students = LRU(4096)  # one student's home readiness each
institutions = LRU(1024)  # the admin home's counts, each advisor home's cohort list
CACHES = (cohorts, students, institutions)


def clear() -> None:
    """Forget every cached value (tests; a restored database)."""
    for lru in CACHES:
        lru.clear()


def institution_key() -> tuple | None:
    """Return what identifies the current institution's readiness data now, or None.

    None (do not cache) outside a request's institution, and inside a transaction that has
    changed readiness data but not committed yet: the version it loaded is already stale.
    """
    institution = g.get("institution") if has_app_context() else None
    if institution is None or db.session.info.get(BUMPED):
        return None
    return (institution.id, institution.created_at, institution.readiness_version)


def cached(lru: LRU, key: tuple | None, compute: Callable[[], Any]) -> Any:
    """Return the value cached under `key`, computing and storing it on a miss."""
    if key is None:
        return compute()
    value = lru.get(key)
    if value is None:
        value = compute()
        lru.put(key, value)
    return value


def _bump(session: Session, institution_ids: Iterable[int] | None) -> None:
    """Add one to the readiness version of these institutions (all when None), once per
    transaction each."""
    done = session.info.setdefault(BUMPED, set())
    if "*" in done:
        return
    column = Institution.__table__.c.readiness_version
    stmt = update(Institution.__table__).values(readiness_version=column + 1)
    if institution_ids is None:
        done.add("*")
    else:
        todo = sorted(set(institution_ids) - done)
        if not todo:
            return
        done.update(todo)
        stmt = stmt.where(Institution.__table__.c.id.in_(todo))
    session.connection().execute(stmt)


def _table(obj) -> str | None:
    table = getattr(type(obj), "__table__", None)
    return table.name if table is not None else None


def _user_changed(user: User) -> bool:
    state = inspect(user)
    return any(state.attrs[name].history.has_changes() for name in USER_COLUMNS)


def _institutions_of_users(session: Session, user_ids: set[int]) -> set[int]:
    # Every institution of these people, on purpose: Core on the connection, which tenant
    # scoping (an ORM listener) neither scopes nor refuses, so it works in and out of a tenant.
    rows = session.connection().execute(
        select(Membership.__table__.c.institution_id).where(
            Membership.__table__.c.user_id.in_(sorted(user_ids))
        )
    )
    return {row[0] for row in rows}


@event.listens_for(Session, "before_flush")
def _bump_on_flush(session: Session, flush_context, instances) -> None:
    """Bump the version of every institution whose readiness data this flush changes."""
    institutions: set[int] = set()
    users: set[int] = set()
    dirty, deleted = session.dirty, session.deleted
    for obj in (*session.new, *dirty, *deleted):
        if obj in dirty and not session.is_modified(obj, include_collections=False):
            continue
        if isinstance(obj, User):
            if obj.id is not None and (obj in deleted or _user_changed(obj)):
                users.add(obj.id)
        elif _table(obj) in WATCHED_TABLES:
            tenant = obj.institution_id or current_institution_id()
            if tenant is not None:
                institutions.add(tenant)
    if users:
        institutions |= _institutions_of_users(session, users)
    if institutions:
        _bump(session, institutions)


@event.listens_for(Session, "do_orm_execute")
def _bump_on_bulk_write(state: ORMExecuteState) -> None:
    """Bump for bulk INSERT/UPDATE/DELETE statements on watched tables (flushes never see them)."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    tables = {mapper.local_table.name for mapper in state.all_mappers}
    if not tables & (WATCHED_TABLES | {"users"}):
        return
    tenant = current_institution_id()
    # A person's name is shown in every institution they belong to.
    everywhere = tenant is None or "users" in tables
    _bump(state.session, None if everywhere else [tenant])


@event.listens_for(Session, "after_transaction_end")
def _forget_bumps(session: Session, transaction) -> None:
    """Start counting afresh after a commit, a rollback or a savepoint's end (a savepoint
    rolled back takes its bump with it)."""
    if transaction.parent is None or transaction.nested:
        session.info.pop(BUMPED, None)
