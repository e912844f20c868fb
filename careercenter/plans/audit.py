"""What the audit log calls blueprint events and blueprints."""

from __future__ import annotations

from sqlalchemy import select

from ..audit.labels import register_actions, register_detail, register_subject
from ..auth.models import User
from ..extensions import db
from ..tenancy.models import Membership
from .models import Plan

register_actions(
    {
        "plan.created": "Started a blueprint",
        "plan.viewed": "Viewed a blueprint",
        "plan.submitted": "Submitted a blueprint",
        "plan.submit": "Submitted a blueprint",
        "plan.withdraw": "Withdrew a blueprint",
        "plan.start_review": "Started reviewing a blueprint",
        "plan.request_changes": "Asked for changes to a blueprint",
        "plan.approve": "Approved a blueprint",
    }
)


def _plans(ids: set[int]) -> dict[int, str]:
    rows = db.session.execute(
        select(Plan.id, Plan.role_title, Plan.employer, User.name)
        .join(Membership, Membership.id == Plan.owner_id)
        .join(User, User.id == Membership.user_id)
        .where(Plan.id.in_(ids))
    )
    return {i: f"{name}'s blueprint: {role} at {employer}" for i, role, employer, name in rows}


register_subject("Plan", _plans)
register_detail("reviewer", "Membership", "reviewer")  # named by members/audit.py
