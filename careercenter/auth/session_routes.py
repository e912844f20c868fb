"""The account page: where the person is signed in, and signing out other devices."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..extensions import db
from ..formcheck import form_accepted
from . import sessions
from .forms import EndSessionsForm

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.get("")
@login_required
def index():
    """Show the person's account and the devices they are signed in on."""
    rows = sessions.live_sessions(current_user)
    listed = [(row, sessions.is_this_device(row, current_user)) for row in rows]
    return render_template("auth/account.html", sessions=listed, form=EndSessionsForm())


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
