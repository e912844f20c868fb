"""Accounts: users, sign-in, invitations, password resets and role checks."""

from .models import User
from .permissions import admin_required, has_role, roles_required, staff_required

__all__ = ["User", "admin_required", "has_role", "roles_required", "staff_required"]
