"""What the review queue and the staff homes show, kept per process under the institution's
review queue version.

The queue's counts and the homes' "to review" were aggregates over every waiting revision
(10,000 rows at the bench's volume) on each request, the queue's page and filter choices
two more statements, and the admin home's counts of members by role and state aggregate
every membership. They change only when a blueprint starts or stops waiting, is claimed or
taken over, or is renamed; when who follows which student changes; when members or cohorts
come, go or change what is shown of them (role and state; name, term and status); or when
a name shown (a cohort, a member, a user) changes. So each is kept under
`Institution.review_queue_version` (loaded with the institution by every tenant request: a
hit costs no statement). A flush that inserts, deletes or changes a watched column of one
of those rows (deleting a member cascades to their plans) notes its institution; a user's
name is shown wherever they are a member, so a user notes every institution, as does any
bulk statement outside a tenant (inside one, its institution). `before_commit` bumps the
noted institutions in the transaction being committed, so the change shows at once; the
row is locked only from there to the commit. What depends on the time has the moment or
the day in its key (`waits.overdue_before`, the campus day). A student's tick moves none
of this (readiness bumps its versions with a Core statement, which no flush sees).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import cast

from flask import g, has_app_context
from sqlalchemy import Table, event, inspect, update
from sqlalchemy.orm import ORMExecuteState, Session

from ..extensions import db
from ..lru import LRU
from ..tenancy import current_institution_id
from ..tenancy.models import Institution

NOTE = "review_queue_institutions"
# A flush or statement that wrote feedback (reviews, comments, replies) this transaction: what
# is kept of it (`screen`) is read around the cache until the commit moves its version.
FEEDBACK = "review_feedback_written"
_FEEDBACK_TABLES = frozenset({"reviews", "review_comments", "comment_replies"})

# Table → the columns whose change moves what is kept (an insert or a delete always does).
_WATCHED: dict[str, tuple[str, ...]] = {
    "plans": ("state", "owner_id", "cohort_id", "role_title", "employer"),
    "plan_revisions": ("state", "submitted_at", "plan_id"),
    "reviews": ("reviewer_id",),
    "cohort_students": ("cohort_id", "membership_id"),
    "cohort_advisors": ("cohort_id", "membership_id"),
    "cohorts": ("name", "term", "status"),
    "memberships": ("role", "active", "accepted_at", "declined_at", "user_id", "invited_name"),
    "users": ("name",),
    "comment_bank": ("body", "criterion_key", "owner_id"),  # the screen's bank (`screen`)
}
# Tables without an institution: a change notes every institution.
_SHARED = {"users"}

_kept = LRU(1024)
get, put, cached, clear = _kept.get, _kept.put, _kept.cached, _kept.clear


def feedback_key(*parts: Hashable) -> tuple | None:
    """Return `key(*parts)`, or None inside a transaction that has written feedback and not
    committed it."""
    return None if db.session.info.get(FEEDBACK) else key(*parts)


def key(*parts: Hashable) -> tuple | None:
    """Return the key of a count now (the institution and its queue version), or None.

    None outside a request's institution, or inside a transaction that has changed what
    the counts read and not committed it (it reads around the cache).
    """
    if not has_app_context() or db.session.info.get(NOTE):
        return None
    institution = g.get("institution")
    if not isinstance(institution, Institution) or institution.id != current_institution_id():
        return None
    version = institution.review_queue_version
    return (institution.id, institution.created_at, version, *parts)


def _note(session: Session, institution_id: int | None) -> None:
    session.info.setdefault(NOTE, set()).add(institution_id)


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, flush_context) -> None:
    """Note the institutions whose counts this flush moves (history is still readable)."""
    new, dirty = session.new, session.dirty  # each a new set: read once
    for obj in (*new, *dirty, *session.deleted):
        name = getattr(getattr(type(obj), "__table__", None), "name", None)
        if name in _FEEDBACK_TABLES:
            session.info[FEEDBACK] = True
        columns = _WATCHED.get(name) if name is not None else None
        if columns is None:
            continue
        if obj in dirty:
            state = inspect(obj)
            if not any(state.attrs[column].history.has_changes() for column in columns):
                continue
        elif obj in new and name in _SHARED:
            continue  # a new user shows nowhere before they are a member
        if name in _SHARED:
            _note(session, None)
        else:
            _note(session, getattr(obj, "institution_id", None) or current_institution_id())


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_write(state: ORMExecuteState) -> None:
    """Note the institution (every one outside a tenant) of a bulk statement on a watched
    table: flushes never see its rows."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    tables = {cast(Table, mapper.local_table).name for mapper in state.all_mappers}
    if tables & _FEEDBACK_TABLES:
        state.session.info[FEEDBACK] = True
    if tables & _SHARED:
        _note(state.session, None)
    elif tables & set(_WATCHED):
        _note(state.session, current_institution_id())


@event.listens_for(Session, "before_commit")
def _bump(session: Session) -> None:
    """Flush what is left, then bump the noted institutions' queue versions."""
    if session.in_nested_transaction():
        return
    session.flush()
    noted = session.info.pop(NOTE, None)
    if not noted:
        return
    table = cast(Table, Institution.__table__)
    stmt = update(table).values(review_queue_version=table.c.review_queue_version + 1)
    if None not in noted:
        stmt = stmt.where(table.c.id.in_(sorted(noted)))
    session.connection().execute(stmt)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction) -> None:
    """Start afresh after a commit or a rollback of the whole transaction."""
    if transaction.parent is None:
        session.info.pop(NOTE, None)
        session.info.pop(FEEDBACK, None)
