"""The guidance behind checklist items, readable even after the practice leaves the library.

An item keeps its own copy of the practice's title, so it stays readable when an admin hides or
retires the practice; the practice's page then answers 404. Pages therefore link to the
practice only while it is in the library, and otherwise show its guidance inline.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..practices.models import Practice, PracticeHidden, visible_practices


@dataclass(frozen=True)
class Guidance:
    practice: Practice
    in_library: bool  # False: hidden or retired, so show the text rather than a dead link


def guidance_for(groups) -> dict[int, Guidance]:
    """Return the guidance of every practice behind the groups' items (one query)."""
    ids = {view.item.practice_id for group in groups for view in group.items}
    ids.discard(None)
    if not ids:
        return {}
    hidden = Practice.id.in_(select(PracticeHidden.practice_id))  # scoped to the tenant
    rows = db.session.execute(
        visible_practices(include_hidden=True, include_retired=True)
        .add_columns(hidden)
        .where(Practice.id.in_(ids))
    ).all()
    return {
        practice.id: Guidance(practice, not practice.retired and not is_hidden)
        for practice, is_hidden in rows
    }
