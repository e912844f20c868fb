"""Reading and changing practices: the guarded ways in and out of the library."""

from __future__ import annotations

from flask import abort
from sqlalchemy import delete, func, or_

from ..actions import check_version, insert_if_absent, rowcount
from ..audit import record
from ..extensions import db
from ..tenancy.scoping import current_institution_id
from .models import Practice, PracticeHidden, visible_practices


def get_visible_or_404(practice_id: int, *, include_hidden: bool = False) -> Practice:
    """Load a practice the current institution may read, or answer 404."""
    stmt = visible_practices(include_hidden=include_hidden, include_retired=include_hidden)
    practice = db.session.execute(
        stmt.where(Practice.id == practice_id).execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if practice is None:
        abort(404)
    return practice


def get_own_or_abort(practice_id: int) -> Practice:
    """Load a practice the current institution may change: 403 for a global one, else 404."""
    practice = get_visible_or_404(practice_id, include_hidden=True)
    if practice.institution_id != current_institution_id():
        abort(403)
    return practice


def search_practices(*, q: str = "", category: str = "", competency: str = "", manage=False):
    """Return the visible practices matching the filters, by category then title."""
    stmt = visible_practices(include_hidden=manage, include_retired=manage)
    if category:
        stmt = stmt.where(Practice.category == category)
    if competency:
        stmt = stmt.where(Practice.competency == competency)
    for word in q.split()[:8]:
        pattern = f"%{word.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(Practice.title).like(pattern),
                func.lower(Practice.guidance).like(pattern),
            )
        )
    return list(db.session.execute(stmt.order_by(Practice.category, Practice.title)).scalars())


def create_practice(**fields) -> Practice:
    """Add a practice of the current institution."""
    practice = Practice(institution_id=current_institution_id(), **fields)
    db.session.add(practice)
    db.session.flush()
    record("practice.created", practice, title=practice.title)
    return practice


STALE = "Someone else changed this practice meanwhile. Review it and save again."


def update_practice(practice: Practice, loaded: str | None, **fields) -> None:
    """Change an institution's own practice, unless someone saved it since `loaded`."""
    check_version(practice.version, loaded, STALE)
    for name, value in fields.items():
        setattr(practice, name, value)
    record("practice.updated", practice, title=practice.title)


def set_retired(practice: Practice, retired: bool) -> None:
    """Retire an own practice (kept for checklists that use it) or bring it back."""
    if practice.retired != retired:
        practice.retired = retired
        record("practice.retired" if retired else "practice.restored", practice)


def set_hidden(practice: Practice, hidden: bool) -> None:
    """Hide a global practice from this institution's library, or show it again.

    Idempotent, so a double click (or two admins at once) records the change once.
    """
    if hidden:
        changed = insert_if_absent(PracticeHidden, practice_id=practice.id)
    else:
        stmt = delete(PracticeHidden).where(PracticeHidden.practice_id == practice.id)
        changed = rowcount(db.session.execute(stmt)) > 0
    if changed:
        record("practice.hidden" if hidden else "practice.shown", practice)
