"""The one way a view changes state: refusals, the version check, and `apply_change`.

A service refuses a change by raising `Refused` (its text is for the person); a form loaded at
an older version of a row fails `check_version` with `Conflict`. `apply_change` runs the
change, commits once, and turns refusals, conflicts and the errors only a concurrent request
can cause (`StaleDataError`, a unique or foreign-key violation) into a rollback and a message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeAlias, TypeVar, cast

from flask import flash
from sqlalchemy import CursorResult, Result, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from .extensions import db
from .tenancy.models import TenantMixin
from .tenancy.scoping import current_institution_id

T = TypeVar("T")

STALE = (
    "Someone else changed this meanwhile, so nothing of yours was saved. "
    "The page now shows the current state; please make your change again."
)

# SQLSTATE of a unique and of a foreign-key violation (PostgreSQL), and SQLite's wording.
_RACE_STATES = {"23505", "23503"}
_RACE_WORDS = ("UNIQUE constraint failed", "FOREIGN KEY constraint failed")


class Refused(ValueError):
    """A change the rules do not allow; the message says why, for the person who asked."""


class Conflict(Refused):
    """The row changed since the form was loaded (or at the same moment): nothing was saved."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or STALE)


def check_version(current: object, loaded: object, message: str | None = None) -> None:
    """Raise Conflict unless the form was loaded at `current`.

    `current` is a row's version counter (or a fingerprint of the values a page shows);
    `loaded` is what the form carried back (None or "" when it carried nothing).
    """
    if str("" if loaded is None else loaded).strip() != str(current):
        raise Conflict(message)


def insert_if_absent(model: type, **values) -> bool:
    """Insert one row unless its unique key is taken (now, or by a request committing
    meanwhile); return whether it was inserted. A double click or two tabs never fail.

    One `INSERT … ON CONFLICT DO NOTHING` (PostgreSQL waits for the other transaction, then
    skips); a tenant row gets the current institution, as a flush would give it.
    """
    if issubclass(model, TenantMixin):
        values.setdefault("institution_id", current_institution_id())
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(model).values(**values).on_conflict_do_nothing()
    # RETURNING: an ORM insert's rowcount is not reliable on every driver.
    return db.session.execute(stmt.returning(*inspect(model).primary_key)).first() is not None


def rowcount(result: Result[Any]) -> int:
    """Return how many rows the UPDATE or DELETE (without RETURNING) that gave `result` hit."""
    # `Session.execute` is typed to return a Result; for these statements it is a CursorResult.
    return cast(CursorResult[Any], result).rowcount


@dataclass(frozen=True)
class Done(Generic[T]):
    """A committed change and its value; true, so `if apply_change(...)` reads naturally."""

    value: T
    refusal: None = None
    conflict: Literal[False] = False

    def __bool__(self) -> Literal[True]:
        return True


@dataclass(frozen=True)
class NotDone:
    """A change rolled back, and the refusal that stopped it; false."""

    refusal: Refused
    value: None = None

    def __bool__(self) -> Literal[False]:
        return False

    @property
    def conflict(self) -> bool:
        """Whether a concurrent change (not a rule) stopped this one."""
        return isinstance(self.refusal, Conflict)


# What `apply_change` did. A type checker tells the two apart by truth: after `if outcome:`
# the value is there, after `if not outcome:` the refusal is.
Outcome: TypeAlias = Done[T] | NotDone


def race_only(error: IntegrityError) -> bool:
    """Return whether `error` is a violation that only a concurrent request can cause.

    Services check uniqueness and existence before writing, so a unique or foreign-key
    violation at flush means another request inserted or deleted the same row meanwhile;
    anything else (NOT NULL, CHECK) is a bug and must stay loud.
    """
    orig = error.orig
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return state in _RACE_STATES or any(word in str(orig) for word in _RACE_WORDS)


def apply_change(
    change: Callable[[], T], *, stale_message: str | None = None, announce: bool = True
) -> Outcome[T]:
    """Run `change` and commit; on a refusal or a conflict roll back and say why.

    A `Refused` is flashed as its own text; a `Conflict`, a `StaleDataError` or a race-only
    `IntegrityError` as `stale_message` (or the conflict's own text). With `announce=False`
    nothing is flashed: the caller presents `Outcome.refusal` itself (JSON, a form's errors).
    """
    try:
        value = change()
        db.session.commit()
    except (Conflict, StaleDataError, IntegrityError) as error:
        db.session.rollback()
        if isinstance(error, IntegrityError) and not race_only(error):
            raise
        conflict = Conflict(stale_message or (str(error) if isinstance(error, Conflict) else None))
        return _refused(conflict, announce)
    except Refused as error:
        db.session.rollback()
        return _refused(error, announce)
    return Done(value)


def _refused(refusal: Refused, announce: bool) -> NotDone:
    if announce:
        flash(str(refusal), "error")
    return NotDone(refusal)
