"""Role checks: decorators for views, `can_*` predicates for templates, `require_*` to abort."""

from __future__ import annotations

from functools import wraps

from flask import abort, g

from ..tenancy.models import Role


def roles_required(*roles: Role):
    """Allow the view only to members of the current institution holding one of `roles`."""
    allowed = {Role(r) for r in roles}

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            membership = g.get("membership")
            if membership is None:
                abort(404)
            if membership.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = allowed  # type: ignore[attr-defined]  # read by the role tests
        return wrapped

    return decorator


admin_required = roles_required(Role.ADMIN)
staff_required = roles_required(Role.ADMIN, Role.ADVISOR)


def has_role(*roles: Role) -> bool:
    """Return whether the current member holds one of `roles` (for templates)."""
    membership = g.get("membership")
    return membership is not None and membership.role in {Role(r) for r in roles}
