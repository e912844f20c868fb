"""The account page: where the person is signed in, and signing out other devices."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..audit import record
from ..extensions import db, limiter
from ..formcheck import form_accepted
from ..tenancy.scoping import unscoped
from . import sessions
from .forms import ChangePasswordForm, EndSessionsForm
from .services import active_memberships

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.get("")
@login_required
def index():
    """Show the person's account and the devices they are signed in on."""
    return _page(_password_form(current_user))


def _password_form(user) -> ChangePasswordForm:
    with unscoped():  # the account spans institutions: their names are weak passwords too
        institutions = [m.institution for m in active_memberships(user)]
    return ChangePasswordForm(user=user, institutions=institutions)


def _page(password_form: ChangePasswordForm, status: int = 200):
    rows = sessions.live_sessions(current_user)
    listed = [(row, sessions.is_this_device(row, current_user)) for row in rows]
    page = render_template(
        "auth/account.html", sessions=listed, form=EndSessionsForm(), password_form=password_form
    )
    return page, status


def _wrong_password(_response) -> bool:
    return g.get("wrong_password", False)


@bp.post("/password")
@login_required
# Someone at an unlocked computer must not guess the current password at leisure.
@limiter.limit(
    "5 per 15 minutes",
    key_func=lambda: f"password-change:{getattr(current_user, 'id', None)}",
    deduct_when=_wrong_password,
)
def change_password():
    """Change the password; every other device is signed out, this one stays in."""
    user = current_user._get_current_object()  # signed in afresh: not the proxy
    form = _password_form(user)
    if not form.validate_on_submit():
        return _page(form, 400)
    # Platform-level: an account change, not an act inside one institution.
    with unscoped():
        if not sessions.change_password(user, form.current.data, form.password.data):
            g.wrong_password = True
            form.current.errors.append("That is not your current password.")
            return _page(form, 400)
        record("auth.password_changed", user, actor=user)
        db.session.commit()
    flash("Your password is changed. You are signed out on every other device.", "success")
    return redirect(url_for("account.index"))


@bp.post("/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int):
    """Sign out one other device; its cookies stop working at once."""
    form = EndSessionsForm()
    if form_accepted(form):
        if not sessions.end_session(current_user, session_id):
            abort(404)
        db.session.commit()
        flash("That device is signed out.", "success")
    return redirect(url_for("account.index"))


@bp.post("/sessions/end-all")
@login_required
def end_all_sessions():
    """Sign out on every device, this one included."""
    form = EndSessionsForm()
    if form_accepted(form):
        count = sessions.end_all_sessions(current_user)
        db.session.commit()
        flash(f"You are signed out everywhere ({_devices(count)}).", "info")
        return redirect(url_for("auth.login"))
    return redirect(url_for("account.index"))


def _devices(count: int) -> str:
    return "1 device" if count == 1 else f"{count} devices"
