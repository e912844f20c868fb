"""Changing what a cohort follows: replace an assignment's version, or remove it (audited).

Replacing keeps the assignment (its due date and id) and points it at another published
version of the same template. Progress carries over to the new version's items that match an
old one (same practice and same title); the old rows stay in the database but no longer count:
readiness, the student's page and the advisor's queue only read items of the version an
assignment points at. Removing deletes the assignment and, with it, the
students' progress on it.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select

from ..actions import check_version
from ..audit import record
from ..extensions import db
from .models import Assignment, ChecklistVersion, ItemProgress
from .services import ChecklistError, stale

WHAT = "this assignment"


def replace_version(assignment: Assignment, loaded: str | None, version: ChecklistVersion) -> int:
    """Point the assignment at another version of its template; return progress rows carried."""
    check_version(assignment.version, loaded, stale(WHAT))
    current = assignment.checklist_version
    if version.template_id != current.template_id or not version.is_published:
        raise ChecklistError("Choose a published version of the same checklist.")
    if version.id == current.id:
        raise ChecklistError(f"The cohort already follows version {version.number}.")
    taken = db.session.execute(
        select(Assignment.id).where(
            Assignment.cohort_id == assignment.cohort_id, Assignment.version_id == version.id
        )
    ).first()
    if taken:
        raise ChecklistError(f"The cohort already has version {version.number} as well.")
    carried = _carry_progress(assignment, current, version)
    record(
        "checklist.assignment_replaced",
        assignment,
        cohort_id=assignment.cohort_id,
        before=current.number,
        after=version.number,
        progress_carried=carried,
    )
    assignment.version_id = version.id
    assignment.checklist_version = version
    return carried


def _same_item_key(item) -> tuple:
    return item.practice_id, " ".join(item.title.split()).casefold()


_PROGRESS_COPY = (
    "membership_id",
    "status",
    "evidence_note",
    "evidence_link",
    "advisor_note",
    "done_at",
    "reviewed_at",
    "reviewed_by_id",
)


def _carry_progress(assignment, old: ChecklistVersion, new: ChecklistVersion) -> int:
    """Copy progress on old items to the matching new items (one query); return how many."""
    old_items = {item.id: item for item in old.items}
    new_items = {_same_item_key(item): item for item in new.items}
    rows = list(
        db.session.execute(
            select(ItemProgress).where(
                ItemProgress.assignment_id == assignment.id,
                ItemProgress.item_id.in_([*old_items, *(i.id for i in new.items)]),
            )
        ).scalars()
    )
    existing = {(row.item_id, row.membership_id) for row in rows}
    carried = 0
    for row in rows:
        if row.item_id not in old_items:
            continue
        target = new_items.get(_same_item_key(old_items[row.item_id]))
        if target is None or (target.id, row.membership_id) in existing:
            continue
        copy = {name: getattr(row, name) for name in _PROGRESS_COPY}
        db.session.add(ItemProgress(assignment_id=assignment.id, item_id=target.id, **copy))
        existing.add((target.id, row.membership_id))
        carried += 1
    return carried


def progress_count(assignment: Assignment) -> int:
    """Return how many progress rows students have on the assignment."""
    stmt = select(func.count(ItemProgress.id)).where(ItemProgress.assignment_id == assignment.id)
    return db.session.execute(stmt).scalar_one()


def remove_assignment(assignment: Assignment, loaded: str | None) -> None:
    """Delete the assignment and the students' progress on it."""
    check_version(assignment.version, loaded, stale(WHAT))
    record(
        "checklist.unassigned",
        assignment.cohort,
        assignment_id=assignment.id,
        version=assignment.checklist_version.number,
        title=assignment.checklist_version.title,
        due_on=assignment.due_on.isoformat(),
        progress_removed=progress_count(assignment),
    )
    db.session.execute(
        delete(ItemProgress)
        .where(ItemProgress.assignment_id == assignment.id)
        .execution_options(synchronize_session=False)
    )
    db.session.delete(assignment)
