"""Sign-in logic kept out of the views."""

from __future__ import annotations

from sqlalchemy import func, select

from ..audit import record
from ..extensions import db
from ..tenancy.models import Institution, Membership, utcnow
from ..tenancy.scoping import unscoped
from .models import User

# A real hash to compare against when the email is unknown, so timing does not reveal accounts.
_DUMMY_HASH = (
    "pbkdf2:sha256:600000$cc$8a0f0c8ad4a3d4b6a1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4"
)


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


def authenticate(email: str, password: str) -> User | None:
    """Return the user when the credentials are right; audit success and failure."""
    from werkzeug.security import check_password_hash

    user = find_user(email)
    if user is None or not user.active or not user.has_password:
        check_password_hash(_DUMMY_HASH, password)
        record("auth.login_failed", email=email.strip().lower()[:254])
        return None
    memberships = active_memberships(user)
    if not user.check_password(password):
        _record_everywhere("auth.login_failed", user, memberships, actor=None)
        return None
    user.last_login_at = utcnow()
    _record_everywhere("auth.login", user, memberships, actor=user)
    return user


def _record_everywhere(action, user, memberships, actor) -> None:
    if not memberships:
        record(action, user, actor=actor, email=user.email)
    for membership in memberships:
        record(action, user, actor=actor, institution_id=membership.institution_id)
