"""A member's profile in their records: their account's name and email, and their membership
of this institution. (The membership row itself is deleted by the removal, last.)"""

from __future__ import annotations

from ..record_sections import Collected, register_section
from ..tenancy.models import Membership


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def collect_profile(membership: Membership) -> Collected:
    user = membership.user
    return Collected(
        {
            "name": membership.display_name,
            "email": membership.display_email,
            "account_created_at": _iso(user.created_at) if membership.is_accepted else None,
            "institution": {
                "name": membership.institution.name,
                "slug": membership.institution.slug,
            },
            "membership": {
                "role": membership.role.value,
                "active": membership.active,
                "created_at": _iso(membership.created_at),
                "accepted_at": _iso(membership.accepted_at),
            },
        }
    )


register_section(
    "profile",
    collect_profile,
    order=10,
    description="Your name and email, and your membership of this institution (role, since when).",
)
