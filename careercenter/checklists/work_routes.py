"""Students mark items done or undo them; advisors verify or return them."""

from __future__ import annotations

from flask import flash, g, redirect, request, url_for

from ..auth.permissions import roles_required, staff_required
from ..formcheck import form_accepted
from ..security import safe_next
from ..tenancy import get_or_404
from ..tenancy.models import Role
from . import progress as work
from .bp import bp, run_action
from .forms import DoneForm, ReviewForm, VersionForm
from .models import Assignment, ChecklistItem, ItemProgress


def _student_item(assignment_id: int, item_id: int):
    assignment = get_or_404(Assignment, assignment_id)
    work.require_enrolled(assignment, g.membership)
    item = get_or_404(ChecklistItem, item_id, version_id=assignment.version_id)
    return assignment, item


@bp.post("/assignments/<int:assignment_id>/items/<int:item_id>/done")
@roles_required(Role.STUDENT)
def mark_done(assignment_id: int, item_id: int):
    """Mark an item done, with the evidence it asks for."""
    assignment, item = _student_item(assignment_id, item_id)
    form = DoneForm(prefix=f"i{assignment.id}-{item.id}")
    if form_accepted(form) and run_action(
        work.mark_done,
        assignment,
        item,
        g.membership,
        form.version.data,
        form.note.data,
        form.link.data,
        what="this item",
    ):
        flash(f"“{item.title}” is done.", "success")
    return redirect(url_for(".index", _anchor=f"item-{assignment.id}-{item.id}"))


@bp.post("/assignments/<int:assignment_id>/items/<int:item_id>/undo")
@roles_required(Role.STUDENT)
def undo(assignment_id: int, item_id: int):
    """Take back a done item that nobody has verified yet."""
    assignment, item = _student_item(assignment_id, item_id)
    form = VersionForm(prefix=f"u{assignment.id}-{item.id}")
    if form_accepted(form) and run_action(
        work.undo, assignment, item, g.membership, form.version.data, what="this item"
    ):
        flash(f"“{item.title}” is back on your to-do list.", "info")
    return redirect(url_for(".index", _anchor=f"item-{assignment.id}-{item.id}"))


@bp.post("/progress/<int:progress_id>/review")
@staff_required
def review(progress_id: int):
    """Verify a done item, or return it to the student with a note."""
    progress = get_or_404(ItemProgress, progress_id)
    work.require_review(progress, g.membership)
    form = ReviewForm(prefix=f"r{progress.id}")
    verified = request.form.get(f"r{progress.id}-decision") == "verify"
    if form_accepted(form) and run_action(
        work.review,
        progress,
        form.version.data,
        g.membership.user,
        verified=verified,
        note=form.note.data or "",
        what="this item",
    ):
        flash("Item verified." if verified else "Item returned to the student.", "success")
    default = url_for(
        "readiness.student",
        cohort_id=progress.assignment.cohort_id,
        membership_id=progress.membership_id,
    )
    return redirect(safe_next(request.form.get("back"), default))
