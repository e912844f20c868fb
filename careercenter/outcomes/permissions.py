"""Who may see and record a blueprint's outcomes.

Whoever may read the blueprint sees them (its owner; staff once it was submitted, advisors only
for the students of cohorts they follow). Its owner and those advisors may record them; admins
read them (and the report), as they read blueprints.
"""

from __future__ import annotations

from flask import abort

from ..plans import permissions as plan_permissions
from ..plans.models import Plan
from ..tenancy.models import Membership, Role


def can_record(plan: Plan, member: Membership) -> bool:
    """Return whether `member` may record `plan`'s outcomes (they can already read it)."""
    return plan.owner_id == member.id or member.role is Role.ADVISOR


def require_recordable(plan_id: int, member: Membership) -> Plan:
    """Return the plan if `member` may record its outcomes; 404 if they may not read it."""
    plan = plan_permissions.require_readable(plan_id, member)
    if not can_record(plan, member):
        abort(403)
    return plan
