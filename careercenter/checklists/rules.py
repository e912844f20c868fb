"""When a checklist item counts as complete or overdue: once, in Python and as SQL.

The checklist pages judge one item at a time in Python; readiness counts every student's
items in one query. Both read these definitions, so the two can never disagree.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, func, or_

from .models import Assignment, ChecklistItem, ItemProgress, ProgressStatus

# The student has not marked these done: they can be overdue, or due today.
OPEN_STATUSES = (ProgressStatus.TODO.value, ProgressStatus.RETURNED.value)


def is_complete(status: str, needs_verification: bool) -> bool:
    """Return whether an item counts as complete: verified, or done when no check is needed."""
    return status == ProgressStatus.VERIFIED or (
        status == ProgressStatus.DONE and not needs_verification
    )


def is_open(status: str) -> bool:
    """Return whether the student has yet to mark the item done (to do, or returned)."""
    return status in OPEN_STATUSES


def is_overdue(status: str, required: bool, due_on: date, today: date) -> bool:
    """Return whether a required item is past due and the student has not marked it done."""
    return required and is_open(status) and due_on < today


def progress_of(student: SQLColumnExpression[int]) -> ColumnElement[bool]:
    """Return the condition that outer-joins `student`'s progress on an assigned item: the
    assignment's item (`Assignment`, `ChecklistItem` in the query) and that membership."""
    return and_(
        ItemProgress.assignment_id == Assignment.id,
        ItemProgress.item_id == ChecklistItem.id,
        ItemProgress.membership_id == student,
    )


def status_sql() -> ColumnElement[str]:
    """Return an item's status in a query that outer-joins its progress (no row = to do)."""
    return func.coalesce(ItemProgress.status, ProgressStatus.TODO.value)


def complete_sql() -> ColumnElement[bool]:
    """Return `is_complete` as SQL over `ChecklistItem` and an outer-joined `ItemProgress`."""
    status = status_sql()
    return or_(
        status == ProgressStatus.VERIFIED.value,
        and_(status == ProgressStatus.DONE.value, ChecklistItem.needs_verification.is_(False)),
    )


def overdue_sql(
    due_on: SQLColumnExpression[date], today: SQLColumnExpression[date]
) -> ColumnElement[bool]:
    """Return `is_overdue` as SQL: the item's `required`, its progress and a due date."""
    return and_(ChecklistItem.required.is_(True), status_sql().in_(OPEN_STATUSES), due_on < today)
