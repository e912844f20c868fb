"""What the audit log calls membership events and members (an invitation as the admin typed it)."""

from __future__ import annotations

from sqlalchemy import select

from ..audit.labels import register_actions, register_subject
from ..auth.models import User
from ..extensions import db
from ..tenancy.models import Membership
from .queries import shown_email, shown_name

register_actions(
    {
        "member.invited": "Invited a member",
        "member.invitation_resent": "Resent an invitation",
        "member.invitation_withdrawn": "Withdrew an invitation",
        "member.role_changed": "Changed a role",
        "member.deactivated": "Deactivated a member",
        "member.reactivated": "Reactivated a member",
    }
)


def _members(ids: set[int]) -> dict[int, str]:
    rows = db.session.execute(
        select(Membership.id, shown_name(), shown_email())
        .join(User, User.id == Membership.user_id)
        .where(Membership.id.in_(ids))
    )
    return {i: f"{name} ({email})" for i, name, email in rows}


register_subject("Membership", _members)
