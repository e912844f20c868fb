"""Sign in, sign out, and choose an institution."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from ..extensions import db, limiter
from ..formcheck import form_accepted
from ..security import safe_next
from ..tenancy.scoping import unscoped
from . import sessions, throttle
from .forms import LoginForm, LogoutForm
from .services import active_memberships, authenticate, record_entered_institution

bp = Blueprint("auth", __name__)


def _failed(response) -> bool:
    return response.status_code != 302


def _too_many(scope: str):
    """Answer a breached sign-in limit with the sign-in page, saying why and the way out."""

    def answer(_limit):
        form = LoginForm(
            formdata=None, email=request.form.get("email"), next=request.form.get("next")
        )
        page = render_template("auth/login.html", form=form, limited=scope)
        return current_app.make_response((page, 429))

    return answer


@bp.before_app_request
def load_signed_in_user():
    """Load the signed-in person before any view writes (the session check may write)."""
    if request.endpoint != "static":
        current_user.is_authenticated  # noqa: B018 - the lookup is the point


@bp.before_app_request
def record_institution_entered():
    """Record a sign-in that waited for the person to pick an institution."""
    membership = g.get("membership")
    if membership is not None and record_entered_institution(current_user, membership):
        db.session.commit()


@bp.route("/login", methods=["GET", "POST"])
# Only failed attempts count: per account and address (tight: the owner elsewhere is never
# refused), and per address (high: a campus NAT shares one). See `throttle` for the rest.
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT_IP"],
    methods=["POST"],
    deduct_when=_failed,
    on_breach=_too_many("address"),
)
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT_PAIR"],
    key_func=throttle.pair_key,
    methods=["POST"],
    deduct_when=_failed,
    on_breach=_too_many("account"),
)
def login():
    """Sign a person in by email and password."""
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data, url_for("auth.choose_institution")))
    if form_accepted(form, inline=True):
        # Sign-in works across institutions: memberships and audit rows of any of them.
        with unscoped():
            attempt = authenticate(form.email.data, form.password.data, form.next.data or "")
            if attempt.user is not None:
                sessions.sign_in(attempt.user, remember=form.remember.data)
            if attempt.alert is not None:
                throttle.send_failure_alert(attempt.alert)  # mailed once this commits
            db.session.commit()
        if attempt.user is not None:
            return redirect(safe_next(form.next.data, url_for("auth.choose_institution")))
        flash("That email and password do not match an active account.", "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out: end this device's session on the server and forget its cookies."""
    form = LogoutForm()
    if form_accepted(form, inline=True) and current_user.is_authenticated:
        sessions.sign_out(current_user)
        db.session.commit()
        flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/")
@bp.route("/institutions")
@login_required
def choose_institution():
    """Go to the only institution, or let a person with several pick one."""
    with unscoped():  # the picker lists memberships of every institution
        memberships = active_memberships(current_user)
    if len(memberships) == 1:
        return redirect(url_for("home.index", slug=memberships[0].institution.slug))
    return render_template("auth/choose_institution.html", memberships=memberships)
