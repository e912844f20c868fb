"""The audit log's part of a member's records: what they did here, and who opened their records.

On removal the events stay, anonymised (`erase.forget_person`): the log keeps that something
happened, not who it was about.
"""

from __future__ import annotations

from sqlalchemy import or_, select

from ..extensions import db
from ..record_sections import Collected, register_section
from ..tenancy.models import Membership
from .erase import forget_person
from .labels import action_label
from .models import AuditEvent


def collect_activity(membership: Membership) -> Collected:
    events = db.session.execute(
        select(AuditEvent)
        .where(
            or_(
                AuditEvent.actor_id == membership.user_id,
                (AuditEvent.subject_type == "Membership")
                & (AuditEvent.subject_id == membership.id),
            )
        )
        .order_by(AuditEvent.created_at, AuditEvent.id)
    ).scalars()
    rows = []
    for event in events:
        by_them = event.actor_id == membership.user_id
        rows.append(
            {
                "at": event.created_at.isoformat(),
                "action": event.action,
                "what": action_label(event.action),
                "by": "you" if by_them else (event.actor.name if event.actor else None),
                "subject": event.subject_type,
                "detail": event.detail if by_them else {},
            }
        )
    return Collected(rows)


def erase_activity(membership: Membership) -> None:
    names = [
        membership.user.name,
        membership.user.email,
        membership.invited_name or "",
        membership.invited_email or "",
    ]
    forget_person(membership.id, membership.user_id, names)


register_section(
    "activity",
    collect_activity,
    erase_activity,
    order=15,
    description=(
        "What you did in this institution as its audit log recorded it, and when staff opened "
        "your records."
    ),
)
