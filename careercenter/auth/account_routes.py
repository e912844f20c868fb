"""Invitation acceptance and password reset through signed, expiring, single-use links."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import login_user

from ..audit import record
from ..extensions import db, limiter
from ..links import external_url
from ..mail import send_mail
from ..tenancy.scoping import unscoped
from .forms import NewPasswordForm, RequestResetForm
from .services import active_memberships, find_user
from .tokens import TokenError, make_token, read_token

bp = Blueprint("accounts", __name__)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Let an invited person choose a password and sign in."""
    return _set_password_with(token, "invitation", "Welcome to Career Center")


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Let a person who asked for a reset choose a new password."""
    return _set_password_with(token, "password-reset", "Choose a new password")


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def forgot_password():
    """Send a reset link if the email belongs to an active account (without saying whether)."""
    form = RequestResetForm()
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user is not None and user.active and user.has_password:
            link = url_for(
                "accounts.reset_password", token=make_token(user, "password-reset"), _external=True
            )
            send_mail(
                user.email,
                "Reset your Career Center password",
                f"Hello {user.name},\n\nChoose a new password here (the link works once, "
                f"for one hour):\n{link}\n\nIf you did not ask for this, ignore this email.",
            )
            with unscoped():  # the request is audited in every institution of the person
                for membership in active_memberships(user) or [None]:
                    record(
                        "auth.password_reset_requested",
                        user,
                        actor=user,
                        institution_id=membership.institution_id if membership else None,
                    )
                db.session.commit()
        flash("If that address has an account, a reset link is on its way.", "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


def _set_password_with(token: str, purpose: str, heading: str):
    try:
        user, _payload = read_token(token, purpose)
    except TokenError as error:
        return render_template("auth/link_problem.html", message=str(error)), 400
    form = NewPasswordForm(email=user.email)
    if form.validate_on_submit():
        user.set_password(form.password.data)
        action = "auth.invitation_accepted" if purpose == "invitation" else "auth.password_reset"
        with unscoped():  # the new password is audited in every institution of the person
            for membership in active_memberships(user) or [None]:
                record(
                    action,
                    user,
                    actor=user,
                    institution_id=membership.institution_id if membership else None,
                )
            db.session.commit()
        login_user(user)
        flash("Your password is set. Welcome!", "success")
        return redirect(url_for("auth.choose_institution"))
    return render_template("auth/set_password.html", form=form, user=user, heading=heading)


def send_invitation(user, institution, role, invited_by=None) -> str:
    """Email an invitation link to `user` for `institution`; return the link."""
    link = external_url("accounts.accept_invitation", token=make_token(user, "invitation"))
    inviter = f"{invited_by.name} has" if invited_by else "You have been"
    send_mail(
        user.email,
        f"You're invited to {institution.name} on Career Center",
        f"Hello {user.name},\n\n{inviter} invited you to {institution.name} on Career "
        f"Center as {role.label.lower()}.\nChoose your password here (the link works once, "
        f"for 7 days):\n{link}\n",
    )
    return link
