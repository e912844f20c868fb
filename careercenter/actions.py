"""Apply a change from a view: commit once, or roll back and flash why it was refused."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash
from sqlalchemy.orm.exc import StaleDataError

from .extensions import db


def apply_change(
    change: Callable[[], object],
    *,
    stale_message: str,
    refusals: tuple[type[Exception], ...] = (),
    stale: tuple[type[Exception], ...] = (),
) -> bool:
    """Run `change` and commit; on refusal or a concurrent edit roll back, flash, return False.

    A `refusals` exception is flashed as its own text; a `StaleDataError` (or one of `stale`,
    e.g. an `IntegrityError` that only a concurrent save can cause) flashes `stale_message`.
    Concurrent-edit exceptions are checked first, so they may subclass a refusal.
    """
    try:
        change()
        db.session.commit()
    except (StaleDataError, *stale):
        db.session.rollback()
        flash(stale_message, "error")
        return False
    except refusals as error:
        db.session.rollback()
        flash(str(error), "error")
        return False
    return True
