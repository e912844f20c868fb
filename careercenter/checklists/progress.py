"""Students' progress on items: done (with evidence) → verified, or returned with a note.

Each form carries the progress row's version counter ("" when the item has no row yet), so an
advisor verifying while the student undoes never loses one of the two actions silently.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlparse

from flask import abort
from sqlalchemy import BindParameter, Select, bindparam, select

from ..actions import check_version
from ..audit import record
from ..cohorts.models import Cohort, CohortStudent
from ..cohorts.permissions import advises
from ..extensions import db
from ..tenancy.models import Membership, utcnow
from .models import Assignment, ChecklistItem, ChecklistVersion, Evidence, ItemProgress
from .models import ProgressStatus as S
from .rules import progress_of
from .services import ChecklistError, stale

STALE_WHAT = "this item"


def require_enrolled(assignment: Assignment, membership: Membership) -> None:
    """Answer 404 unless the student is in the assignment's cohort."""
    if not _is_enrolled(assignment.cohort_id, membership.id):
        abort(404)


def can_review(progress: ItemProgress, membership: Membership) -> bool:
    """Return whether `membership` may verify or return this work.

    Staff following the assignment's cohort (admins: any cohort) may, while the student is
    still enrolled in it: once removed, their work leaves the queue and cannot be reviewed.
    """
    cohort_id = progress.assignment.cohort_id
    follows = membership.is_admin or (membership.is_advisor and advises(cohort_id, membership))
    return follows and _is_enrolled(cohort_id, progress.membership_id)


def _is_enrolled(cohort_id: int, membership_id: int) -> bool:
    enrolled = select(CohortStudent.id).where(
        CohortStudent.cohort_id == cohort_id, CohortStudent.membership_id == membership_id
    )
    return db.session.execute(enrolled).first() is not None


def require_review(progress: ItemProgress, membership: Membership) -> None:
    """Answer 404, as the queue would not show it, unless `can_review` allows."""
    if not can_review(progress, membership):
        abort(404)


def find_progress(assignment: Assignment, item: ChecklistItem, membership_id: int):
    """Return the progress row of a student on an item, if any."""
    return db.session.execute(
        select(ItemProgress)
        .where(
            ItemProgress.assignment_id == assignment.id,
            ItemProgress.item_id == item.id,
            ItemProgress.membership_id == membership_id,
        )
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()


def _check(progress: ItemProgress | None, loaded: str | None) -> None:
    """Refuse a form loaded before the row changed ("" stands for "no row yet")."""
    check_version("" if progress is None else progress.version, loaded, stale(STALE_WHAT))


def check_evidence(item: ChecklistItem, note: str, link: str) -> tuple[str, str]:
    """Return the cleaned evidence the item asks for, or raise ChecklistError."""
    note, link = (note or "").strip(), (link or "").strip()
    if item.evidence is Evidence.NOTE and not note:
        raise ChecklistError("This item asks for a note: say briefly what you did.")
    if item.evidence is Evidence.LINK:
        parsed = urlparse(link)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ChecklistError("This item asks for a link starting with https:// or http://.")
    return note[:2000], link[:500]


def web_link(url: str | None) -> str | None:
    """Return `url` if it is an http(s) address with a host, else None (never a script link)."""
    text = (url or "").strip()
    parsed = urlparse(text)
    if parsed.scheme.lower() in ("http", "https") and parsed.netloc:
        return text
    return None


def mark_done(assignment, item, membership, loaded, note="", link="") -> ItemProgress:
    """Mark an item done with its evidence (again, after it was returned)."""
    progress = find_progress(assignment, item, membership.id)
    _check(progress, loaded)
    if progress is not None and progress.status in (S.DONE, S.VERIFIED):
        raise ChecklistError("This item is already done.")
    note, link = check_evidence(item, note, link)
    if progress is None:
        progress = ItemProgress(
            assignment_id=assignment.id, item_id=item.id, membership_id=membership.id
        )
        db.session.add(progress)
    progress.status = S.DONE
    progress.evidence_note, progress.evidence_link = note, link
    progress.done_at = utcnow()
    db.session.flush()
    record("checklist.item_done", progress, item_id=item.id, student=membership.id)
    return progress


def undo(assignment, item, membership, loaded) -> None:
    """Take back a done item, as long as nobody has verified it."""
    progress = find_progress(assignment, item, membership.id)
    _check(progress, loaded)
    if progress is None or progress.status is not S.DONE:
        raise ChecklistError(
            "This item was verified by your advisor and can no longer be undone."
            if progress is not None and progress.status is S.VERIFIED
            else "This item is not marked done."
        )
    progress.status = S.TODO
    progress.done_at = None
    record("checklist.item_undone", progress, item_id=item.id, student=membership.id)


def review(progress: ItemProgress, loaded, reviewer, *, verified: bool, note: str = "") -> None:
    """Verify a done item, or return it to the student with a note."""
    _check(progress, loaded)
    if progress.item.version_id != progress.assignment.version_id:
        raise ChecklistError("This item is no longer on the checklist the cohort follows.")
    if progress.status is not S.DONE:
        raise ChecklistError("The student has not marked this item done (any more).")
    if not verified and not (note or "").strip():
        raise ChecklistError("Say what the student should change when you return an item.")
    progress.status = S.VERIFIED if verified else S.RETURNED
    progress.advisor_note = (note or "").strip()[:2000]
    progress.reviewed_at = utcnow()
    progress.reviewed_by_id = reviewer.id
    record(
        "checklist.item_verified" if verified else "checklist.item_returned",
        progress,
        item_id=progress.item_id,
        student=progress.membership_id,
    )


@cache
def _student_items_statement() -> Select:
    """Build the student-items SELECT once; the student arrives as a bind parameter."""
    student: BindParameter[int] = bindparam("membership_id")
    return (
        select(Assignment, ChecklistVersion, Cohort, ChecklistItem, ItemProgress)
        .join(CohortStudent, CohortStudent.cohort_id == Assignment.cohort_id)
        .join(Cohort, Cohort.id == Assignment.cohort_id)
        .join(ChecklistVersion, ChecklistVersion.id == Assignment.version_id)
        .join(ChecklistItem, ChecklistItem.version_id == ChecklistVersion.id)
        .outerjoin(ItemProgress, progress_of(student))
        .where(CohortStudent.membership_id == student)
        .order_by(Assignment.due_on, Assignment.id, ChecklistItem.position)
    )


def student_items(membership_id: int, cohort_id: int | None = None):
    """Return (assignment, version, cohort, item, progress-or-None) rows in one query."""
    stmt = _student_items_statement()
    if cohort_id is not None:
        stmt = stmt.where(Assignment.cohort_id == cohort_id)
    return db.session.execute(stmt, {"membership_id": membership_id}).all()
