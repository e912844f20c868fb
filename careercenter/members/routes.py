"""`/<slug>/members`: list, invite (one or from CSV), change roles, deactivate and reactivate."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from ..actions import Outcome, apply_change
from ..audit import record_view
from ..auth.permissions import admin_required
from ..errors import forget_oversize_body
from ..extensions import db
from ..formcheck import form_accepted
from ..nav import register_home_link, register_nav
from ..tenancy import Membership, Role, get_or_404
from . import csv_import, services
from .forms import (
    ImportForm,
    InviteForm,
    MemberActionForm,
    MemberFilterForm,
    ResendForm,
    RoleForm,
)
from .overview import member_overview
from .queries import MemberFilters, MemberStatus, list_members, member_status

bp = Blueprint("members", __name__, url_prefix="/members")

CONCURRENT_INVITE = "Someone else invited the same person at the same moment."

register_nav("members.index", "Members", [Role.ADMIN], order=80)
register_home_link(Role.ADMIN, "members.invite", "Invite members", "one person by email", 10)
register_home_link(
    Role.ADMIN, "members.import_members", "Import members from CSV", "many people at once", 11
)


def _filters() -> MemberFilters:
    args = request.args
    role, status = args.get("role", ""), args.get("status", "")
    return MemberFilters(
        search=args.get("q", "").strip()[:100],
        role=Role(role) if role in {r.value for r in Role} else None,
        status=MemberStatus(status) if status in {s.value for s in MemberStatus} else None,
    )


@bp.get("")
@admin_required
def index():
    """List the institution's members with search, filters and pages."""
    filters = _filters()
    page = list_members(
        filters, request.args.get("page", 1, type=int), current_app.config["MEMBERS_PER_PAGE"]
    )
    return render_template(
        "members/index.html",
        page=page,
        filters=filters,
        form=MemberFilterForm(request.args),
        member_status=member_status,
    )


@bp.route("/invite", methods=["GET", "POST"])
@admin_required
def invite():
    """Invite one person by email with a role."""
    form = InviteForm()
    if form_accepted(form, inline=True):
        invited = apply_change(
            lambda: _mailed(
                [services.add_invited_member(form.email.data, form.name.data, Role(form.role.data))]
            )[0],
            stale_message=CONCURRENT_INVITE,
            announce=False,
        )
        if not invited:
            form.email.errors.append(str(invited.refusal))
        else:
            invitation = invited.value
            flash(f"Invitation sent to {invitation.membership.invited_email}.", "success")
            return redirect(url_for("members.show", membership_id=invitation.membership.id))
    return render_template("members/invite.html", form=form)


@bp.route("/import", methods=["GET", "POST"])
@admin_required
def import_members():
    """Invite many people from a CSV file: every row valid, or nobody is invited."""
    form = ImportForm()
    if not form_accepted(form, inline=True):
        return render_template("members/import.html", form=form)
    upload = form.file.data
    try:
        check = csv_import.check_upload(upload.filename or "", upload.read())
    except csv_import.ImportFileError as error:
        form.file.errors.append(str(error))
        return render_template("members/import.html", form=form), 422
    if not check.ok:
        return render_template("members/import.html", form=form, check=check), 422
    created = apply_change(
        lambda: _mailed(csv_import.create_invitations(check.rows)),
        stale_message=CONCURRENT_INVITE + " Nobody was invited; upload the file again.",
        announce=False,
    )
    if not created:
        form.file.errors.append(str(created.refusal))
        return render_template("members/import.html", form=form), 409
    invitations = created.value
    flash(f"Invited {len(invitations)} people. Nobody else was changed.", "success")
    return render_template("members/import_done.html", invitations=invitations, form=ImportForm())


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(_error):
    """Explain the upload limit instead of a bare 413 (no tenant data: this may run early)."""
    forget_oversize_body()
    limit_mb = current_app.config["MAX_CONTENT_LENGTH"] / (1024 * 1024)
    return render_template("members/upload_too_large.html", limit_mb=limit_mb), 413


@bp.get("/<int:membership_id>")
@admin_required
def show(membership_id: int):
    """Show one member with the actions an admin can take."""
    membership = get_or_404(Membership, membership_id)
    version = {"version": membership.version}
    overview = member_overview(membership)
    page = render_template(
        "members/show.html",
        member=membership,
        status=member_status(membership),
        overview=overview,
        role_form=RoleForm(data={**version, "role": membership.role.value}),
        action_form=MemberActionForm(data=version),
        resend_form=ResendForm(),
        is_self=membership.id == g.membership.id,
    )
    # A student's readiness is a student record: its view is audited, as on the cohort pages.
    if overview.shows_student_records and record_view("readiness.student_viewed", membership):
        db.session.commit()
    return page


@bp.post("/<int:membership_id>/role")
@admin_required
def change_role(membership_id: int):
    """Give a member another role."""
    membership = get_or_404(Membership, membership_id)
    form = RoleForm()
    if form_accepted(form, "Choose a role from the list and try again."):
        name = membership.display_name
        role = Role(form.role.data)
        if changed := _act(
            lambda: services.change_role(membership, role, form.version.data, g.membership)
        ):
            message = f"{name} is now {role.label.lower()}."
            if changed.value:
                message += f" They no longer belong to: {', '.join(changed.value)}."
            flash(message, "success")
    return redirect(url_for("members.show", membership_id=membership_id))


@bp.post("/<int:membership_id>/deactivate")
@admin_required
def deactivate(membership_id: int):
    """Switch a membership off; the person keeps their account elsewhere."""
    membership = get_or_404(Membership, membership_id)
    form = MemberActionForm()
    if form_accepted(form, services.STALE) and _act(
        lambda: services.deactivate(membership, form.version.data, g.membership)
    ):
        flash(f"{membership.display_name} is deactivated and can no longer enter here.", "success")
    return redirect(url_for("members.show", membership_id=membership_id))


@bp.post("/<int:membership_id>/reactivate")
@admin_required
def reactivate(membership_id: int):
    """Switch a deactivated membership back on."""
    membership = get_or_404(Membership, membership_id)
    form = MemberActionForm()
    if form_accepted(form, services.STALE) and _act(
        lambda: services.reactivate(membership, form.version.data)
    ):
        flash(f"{membership.display_name} is active again.", "success")
    return redirect(url_for("members.show", membership_id=membership_id))


@bp.post("/<int:membership_id>/resend")
@admin_required
def resend_invitation(membership_id: int):
    """Send an invited member a fresh link (earlier links keep working until a password is set)."""
    membership = get_or_404(Membership, membership_id)
    resent = form_accepted(ResendForm()) and apply_change(
        lambda: _mailed([services.resend_invitation(membership)])
    )
    if resent:
        flash(f"A new invitation link was sent to {membership.display_email}.", "success")
    return redirect(url_for("members.show", membership_id=membership_id))


@bp.post("/<int:membership_id>/withdraw")
@admin_required
def withdraw_invitation(membership_id: int):
    """Take back an invitation that has not been accepted; its links stop working."""
    membership = get_or_404(Membership, membership_id)
    form = MemberActionForm()
    if form_accepted(form, services.STALE) and (
        withdrawn := _act(lambda: services.withdraw_invitation(membership, form.version.data))
    ):
        flash(f"The invitation to {withdrawn.value} is withdrawn.", "success")
        return redirect(url_for("members.index"))
    return redirect(url_for("members.show", membership_id=membership_id))


def _act(change) -> Outcome:
    """Run a membership change and commit it; on refusal roll back, flash why."""
    return apply_change(change, stale_message=services.STALE)


def _mailed(invitations: list[services.Invitation]) -> list[services.Invitation]:
    """Queue the invitations' mail inside the change: it leaves only if the change commits."""
    return services.deliver_invitations(invitations, g.institution, current_user)
