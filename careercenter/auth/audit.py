"""What the audit log calls sign-in events and accounts."""

from __future__ import annotations

from sqlalchemy import select

from ..audit.labels import register_actions, register_subject
from ..extensions import db
from .models import User

register_actions(
    {
        "auth.login": "Signed in",
        "auth.login_failed": "Failed sign-in",
        "auth.choose_institution": "Chose an institution",
        "auth.invitation_accepted": "Accepted an invitation",
        "auth.invitation_declined": "Declined an invitation",
        "auth.password_changed": "Changed their password",
        "auth.password_reset": "Reset their password",
        "auth.password_reset_requested": "Asked for a password reset",
    }
)


def _users(ids: set[int]) -> dict[int, str]:
    rows = db.session.execute(select(User.id, User.name, User.email).where(User.id.in_(ids)))
    return {i: f"{name} ({email})" for i, name, email in rows}


register_subject("User", _users)
