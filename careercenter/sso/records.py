"""A student's university sign-in link in their records; removal unlinks it in that institution."""

from __future__ import annotations

from sqlalchemy import delete, select

from ..extensions import db
from ..record_sections import Collected, register_section
from ..tenancy.models import Membership
from .models import SsoIdentity, SsoRequest


def collect_identities(membership: Membership) -> Collected:
    rows = db.session.execute(
        select(SsoIdentity).where(SsoIdentity.user_id == membership.user_id)
    ).scalars()
    return Collected(
        [
            {
                "identity_provider_name_for_you": identity.subject,
                "linked_at": identity.created_at.isoformat(),
                "last_used_at": identity.last_used_at.isoformat()
                if identity.last_used_at
                else None,
            }
            for identity in rows
        ]
    )


def erase_identities(membership: Membership) -> None:
    for model, column in ((SsoIdentity, SsoIdentity.user_id), (SsoRequest, SsoRequest.user_id)):
        db.session.execute(
            delete(model)
            .where(column == membership.user_id)
            .execution_options(synchronize_session=False)
        )


register_section(
    "university_sign_in",
    collect_identities,
    erase_identities,
    order=15,
    description="How the university's identity provider knows you, if you sign in through it.",
)
