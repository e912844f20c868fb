"""Tenancy: institutions in the URL, memberships, and central query scoping."""

from .models import Institution, Membership, Role, TenantMixin, tenant_key, tenant_link
from .scoping import (
    CrossTenantWriteError,
    TenantScopeError,
    current_institution_id,
    get_or_404,
    tenant_scope,
    unscoped,
)

__all__ = [
    "CrossTenantWriteError",
    "Institution",
    "Membership",
    "Role",
    "TenantMixin",
    "TenantScopeError",
    "current_institution_id",
    "get_or_404",
    "tenant_key",
    "tenant_link",
    "tenant_scope",
    "unscoped",
]
