"""Admins replace the version a cohort follows, or remove the assignment after confirming."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from ..auth.permissions import admin_required
from ..formcheck import form_accepted
from ..tenancy import get_or_404
from . import assignments
from .bp import bp, run_action
from .forms import ReplaceForm, VersionForm
from .models import Assignment, ChecklistVersion


def _template_page(assignment: Assignment):
    return redirect(url_for(".template", template_id=assignment.checklist_version.template_id))


@bp.post("/assignments/<int:assignment_id>/replace")
@admin_required
def replace_assignment(assignment_id: int):
    """Give the cohort another version of the checklist in place of the one it follows."""
    assignment = get_or_404(Assignment, assignment_id)
    back = _template_page(assignment)
    form = ReplaceForm(prefix=f"r{assignment.id}")
    if not form_accepted(form):
        return back
    raw = form.to_version.data or ""
    # Ids beyond 9 digits do not exist (and would overflow PostgreSQL's integer).
    version = get_or_404(ChecklistVersion, int(raw)) if raw.isdigit() and len(raw) <= 9 else None
    if version is None:
        flash("Choose the version to switch to.", "error")
        return back
    replaced = run_action(
        assignments.replace_version, assignment, form.version.data, version, what=assignments.WHAT
    )
    if replaced:
        carried = replaced.value
        flash(
            f"The cohort now follows version {version.number}; {carried} progress "
            f"{'record was' if carried == 1 else 'records were'} carried over to the "
            "matching items.",
            "success",
        )
    return back


@bp.route("/assignments/<int:assignment_id>/remove", methods=["GET", "POST"])
@admin_required
def remove_assignment(assignment_id: int):
    """Confirm, then remove a checklist from a cohort (students' progress on it goes too)."""
    assignment = get_or_404(Assignment, assignment_id)
    form = VersionForm()
    if request.method == "GET":
        form.version.data = str(assignment.version)
        return render_template(
            "checklists/remove_assignment.html",
            assignment=assignment,
            version=assignment.checklist_version,
            cohort=assignment.cohort,
            progress=assignments.progress_count(assignment),
            form=form,
        )
    back = _template_page(assignment)
    title, cohort = assignment.checklist_version.title, assignment.cohort.name
    if form_accepted(form) and run_action(
        assignments.remove_assignment, assignment, form.version.data, what=assignments.WHAT
    ):
        flash(f"“{title}” is no longer assigned to {cohort}.", "success")
    return back
