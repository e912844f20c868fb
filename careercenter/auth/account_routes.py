"""Invitation answers and password reset through signed, expiring, single-use links."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..actions import apply_change
from ..extensions import db, limiter
from ..formcheck import form_accepted
from ..jobs import enqueue
from ..tenancy.scoping import unscoped
from . import invitations, reset
from .forms import InvitationAnswerForm, NewPasswordForm, RequestResetForm
from .services import active_memberships, record_in_each
from .sessions import sign_in
from .tokens import TokenError, read_token

bp = Blueprint("accounts", __name__)

ANSWERED_MEANWHILE = (
    "This invitation was answered at the same moment in another tab or window; "
    "that answer counts. Sign in to see where it stands."
)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Answer an invitation: a newcomer sets a password; an account holder accepts or declines."""
    try:
        membership = invitations.load_invitation(token)
    except TokenError as error:
        return render_template("auth/link_problem.html", message=str(error)), 400
    # Read both now: after the commit the (tenant) membership would reload outside any scope.
    user, institution = membership.user, membership.institution
    if not user.has_password:
        return _choose_password_and_accept(membership)
    if not current_user.is_authenticated:
        flash("Sign in to answer your invitation.", "info")
        return redirect(url_for("auth.login", next=request.path))
    if current_user.id != user.id:
        return render_template("auth/invitation_other_account.html", user=user), 403
    form = InvitationAnswerForm()
    if form_accepted(form, inline=True):
        institution, accepted = membership.institution, form.accept.data
        answer = invitations.accept if accepted else invitations.decline
        if not apply_change(lambda: answer(membership), stale_message=ANSWERED_MEANWHILE):
            return redirect(url_for("auth.choose_institution"))
        if accepted:
            flash(f"Welcome to {institution.name}.", "success")
            return redirect(url_for("home.index", slug=institution.slug))
        flash(f"You declined the invitation to {institution.name}.", "info")
        return redirect(url_for("auth.choose_institution"))
    return render_template("auth/invitation.html", form=form, invitation=membership)


def _choose_password_and_accept(membership):
    user, institution = membership.user, membership.institution  # read before the commit
    form = NewPasswordForm(user=user, institutions=[institution])
    if form_accepted(form, inline=True):
        user.set_password(form.password.data)

        def accept_and_sign_in():
            invitations.accept(membership)
            sign_in(user)  # setting the password ended every other session

        if not apply_change(accept_and_sign_in, stale_message=ANSWERED_MEANWHILE):
            return redirect(url_for("auth.login"))
        flash("Your password is set. Welcome!", "success")
        return redirect(url_for("home.index", slug=institution.slug))
    return render_template(
        "auth/set_password.html",
        form=form,
        user=user,
        heading=f"Join {membership.institution.name}",
    )


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Let a person who asked for a reset choose a new password."""
    try:
        user, _payload = read_token(token, "password-reset")
    except TokenError as error:
        return render_template("auth/link_problem.html", message=str(error)), 400
    with unscoped():  # no institution in this URL: the person's own, for rules and audit
        memberships = active_memberships(user)
    form = NewPasswordForm(user=user, institutions=[m.institution for m in memberships])
    if form_accepted(form, inline=True):
        user.set_password(form.password.data)
        record_in_each("auth.password_reset", user, memberships)
        with unscoped():
            sign_in(user)  # setting the password ended every other session
            db.session.commit()
        flash("Your password is set. Welcome!", "success")
        return redirect(url_for("auth.choose_institution"))
    return render_template(
        "auth/set_password.html", form=form, user=user, heading="Choose a new password"
    )


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def forgot_password():
    """Mail a reset link if the email belongs to an active account (without saying whether).

    The lookup happens in a background job, so known and unknown addresses cost the same here.
    """
    form = RequestResetForm()
    if form_accepted(form, inline=True):
        enqueue(reset.mail_reset_link, form.email.data, request.remote_addr)
        flash("If that address has an account, a reset link is on its way.", "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)
