"""Sign in, sign out, and choose an institution."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, limiter
from ..security import safe_next
from ..tenancy.scoping import unscoped
from .forms import LoginForm, LogoutForm
from .services import active_memberships, authenticate

bp = Blueprint("auth", __name__)


def _login_account_key() -> str:
    return "login-account:" + (request.form.get("email") or "").strip().lower()[:254]


def _failed(response) -> bool:
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
# Only failed attempts count, per address (a campus lab shares one) and per account.
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT_IP"], methods=["POST"], deduct_when=_failed
)
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT_ACCOUNT"],
    key_func=_login_account_key,
    methods=["POST"],
    deduct_when=_failed,
)
def login():
    """Sign a person in by email and password."""
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data, url_for("auth.choose_institution")))
    if form.validate_on_submit():
        with unscoped():  # sign-in is audited in every institution the person belongs to
            user = authenticate(form.email.data, form.password.data)
            db.session.commit()
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(form.next.data, url_for("auth.choose_institution")))
        flash("That email and password do not match an active account.", "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out and forget the remember-me cookie."""
    form = LogoutForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        logout_user()
        flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/")
@bp.route("/institutions")
@login_required
def choose_institution():
    """Go to the only institution, or let a person with several pick one."""
    memberships = active_memberships(current_user)
    if len(memberships) == 1:
        return redirect(url_for("home.index", slug=memberships[0].institution.slug))
    return render_template("auth/choose_institution.html", memberships=memberships)
