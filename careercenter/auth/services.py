"""Sign-in logic kept out of the views."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cache

from flask import current_app, session
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..audit import NOBODY, record
from ..extensions import db
from ..tenancy.models import Institution, Membership, utcnow
from ..tenancy.scoping import unscoped
from . import throttle
from .models import User

# Flask-session flag: signed in, but the sign-in waits to be recorded for the institution
# the person enters (from the picker, or any other way in).
UNRECORDED_SIGN_IN = "_sign_in_unrecorded"


@dataclass(frozen=True)
class SignInAttempt:
    """What `authenticate` found: the person to sign in, and whom to warn after the commit."""

    user: User | None = None
    alert: User | None = None


def find_user(email: str) -> User | None:
    """Return the user with this email (case-insensitive), if any."""
    return db.session.execute(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).scalar_one_or_none()


def active_memberships(user: User) -> list[Membership]:
    """Return the user's active memberships, institutions loaded, ordered by institution name."""
    with unscoped():  # a person's memberships in every institution: sign-in and the picker
        return list(
            db.session.execute(
                select(Membership)
                .join(Institution, Institution.id == Membership.institution_id)
                .where(Membership.user_id == user.id, Membership.active.is_(True))
                .order_by(Institution.name)
            ).scalars()
        )


def record_in_each(action: str, user: User, memberships: list[Membership]) -> list:
    """Audit `action` by `user` in each institution of `memberships` (platform-level with
    none): an account change made outside any institution concerns all of theirs."""
    institution_ids: list[int | None] = [m.institution_id for m in memberships] or [None]
    with unscoped():
        return [record(action, user, actor=user, institution_id=i) for i in institution_ids]


@cache
def dummy_hash(method: str) -> str:
    """Return a hash made like the real ones (same method and cost), once per process."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def authenticate(email: str, password: str, next_path: str = "") -> SignInAttempt:
    """Check the credentials at the same cost whether or not the account exists; audit.

    A sign-in is recorded for the institution in `next_path` when the person belongs to it,
    else for their only institution, else when they enter one (`record_entered_institution`).
    A failure is recorded for the `next_path` institution only if the person belongs to it.
    """
    typed = email.strip().lower()[:254]
    throttle.slow_down(typed)
    user = find_user(email)
    # The hash of an account that may sign in; any other costs the same, checked against a dummy.
    hashed = user.password_hash if user is not None and user.active else None
    method = current_app.config["PASSWORD_HASH_METHOD"]
    matches = check_password_hash(hashed if hashed is not None else dummy_hash(method), password)
    if user is None or hashed is None or not matches:
        alert = throttle.count_failure(typed) and hashed is not None
        if user is None:
            record("auth.login_failed", actor=NOBODY, email=typed)
        else:
            target = _member_of(user, next_path)
            record("auth.login_failed", user, actor=NOBODY, institution_id=target)
        return SignInAttempt(alert=user if alert else None)
    user.last_login_at = utcnow()
    memberships = active_memberships(user)
    target = _member_of(user, next_path, memberships)
    if target is None and len(memberships) == 1:
        target = memberships[0].institution_id
    if target is None and memberships:
        session[UNRECORDED_SIGN_IN] = True
    else:
        session.pop(UNRECORDED_SIGN_IN, None)  # an earlier sign-in's, on this browser
        record("auth.login", user, actor=user, institution_id=target)
    return SignInAttempt(user=user)


def record_entered_institution(user: User, membership: Membership) -> bool:
    """Record a sign-in left unrecorded for the first institution the person enters."""
    if not session.pop(UNRECORDED_SIGN_IN, False):
        return False
    record("auth.login", user, actor=user, institution_id=membership.institution_id)
    return True


def _slug_of(path: str) -> str:
    return path.split("?", 1)[0].strip("/").split("/", 1)[0] if path.startswith("/") else ""


def _member_of(user: User, next_path: str, memberships=None) -> int | None:
    """Return the institution of `next_path` when `user` is an active member of it."""
    slug = _slug_of(next_path)
    if not slug:
        return None
    for membership in active_memberships(user) if memberships is None else memberships:
        if membership.institution.slug == slug:
            return membership.institution_id
    return None
