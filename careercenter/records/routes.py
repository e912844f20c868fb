"""`/<slug>/records`: a student downloads their records; an admin downloads a member's, or
removes a student from the institution."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    url_for,
)

from .. import audit
from ..actions import apply_change
from ..auth.permissions import admin_required, roles_required
from ..extensions import db, limiter
from ..formcheck import form_accepted
from ..nav import register_home_link, register_nav
from ..record_sections import sections
from ..tenancy import clock
from ..tenancy.models import Membership, Role
from ..tenancy.scoping import get_or_404
from .export import archive_name, build_archive
from .forms import ExportForm, RemoveForm
from .removal import STALE, remove_student

bp = Blueprint("records", __name__, url_prefix="/records")

register_nav("records.mine", "My records", [Role.STUDENT], order=90)
register_home_link(
    Role.STUDENT,
    "records.mine",
    "Download your records",
    "everything the career center holds about you, as a ZIP",
    order=90,
)

# Downloads per person: each builds every section and may render PDFs.
DEFAULT_RATE_LIMIT = "5 per hour"


def _export_limit() -> str:
    return current_app.config.get("RECORDS_EXPORT_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def _export_key() -> str:
    return f"records-export:{g.membership.user_id}"


def _download(membership: Membership, action: str):
    moment = clock.utc_now()
    data, names = build_archive(membership, moment)
    audit.record(action, membership, sections=names, bytes=len(data))
    name = archive_name(membership, moment)
    db.session.commit()
    response = make_response(data)
    response.headers["Content-Type"] = "application/zip"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("")
@roles_required(Role.STUDENT)
def mine():
    """Explain what the student's records hold, with the download button."""
    return render_template("records/mine.html", form=ExportForm(), sections=sections())


@bp.post("/export")
@roles_required(Role.STUDENT)
@limiter.limit(_export_limit, key_func=_export_key)
def export_mine():
    """Download everything the platform holds about the student here, as a ZIP."""
    if not form_accepted(ExportForm()):
        return redirect(url_for("records.mine"))
    return _download(g.membership, "records.exported")


@bp.get("/members/<int:membership_id>")
@admin_required
def member(membership_id: int):
    """An admin's page for one member's records: download, and for a student, removal."""
    membership = get_or_404(Membership, membership_id)
    return render_template(
        "records/member.html",
        member=membership,
        export_form=ExportForm(),
        remove_form=RemoveForm(data={"version": membership.version}),
        sections=sections(),
        removable=membership.role is Role.STUDENT and membership.id != g.membership.id,
    )


@bp.post("/members/<int:membership_id>/export")
@admin_required
@limiter.limit(_export_limit, key_func=_export_key)
def export_member(membership_id: int):
    """Download one member's records, as they would download them."""
    membership = get_or_404(Membership, membership_id)
    if not form_accepted(ExportForm()):
        return redirect(url_for("records.member", membership_id=membership.id))
    return _download(membership, "records.member_exported")


@bp.post("/members/<int:membership_id>/remove")
@admin_required
def remove(membership_id: int):
    """Remove a student from the institution once the admin typed their name."""
    membership = get_or_404(Membership, membership_id)
    form = RemoveForm()
    if form_accepted(form):
        typed = form.confirm_name.data or ""
        done = apply_change(
            lambda: remove_student(membership, g.membership, typed, form.version.data),
            stale_message=STALE,
        )
        if done:
            flash("The student was removed from this institution. Their account stays.", "success")
            return redirect(url_for("members.index"))
    return redirect(url_for("records.member", membership_id=membership_id))
