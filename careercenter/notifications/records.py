"""A student's notifications and choices in their records; removal deletes both."""

from __future__ import annotations

from sqlalchemy import delete, select

from ..extensions import db
from ..record_sections import Collected, register_section
from ..tenancy.models import Membership
from .models import Notification, NotificationPreference


def collect_notifications(membership: Membership) -> Collected:
    notifications = db.session.execute(
        select(Notification)
        .where(Notification.recipient_id == membership.id)
        .order_by(Notification.id)
    ).scalars()
    choices = db.session.execute(
        select(NotificationPreference).where(NotificationPreference.membership_id == membership.id)
    ).scalars()
    return Collected(
        {
            "notifications": [
                {
                    "kind": n.kind.value,
                    "text": n.text,
                    "link": n.link,
                    "created_at": n.created_at.isoformat(),
                    "read_at": n.read_at.isoformat() if n.read_at else None,
                }
                for n in notifications
            ],
            "choices": {c.kind.value: c.delivery.value for c in choices},
        }
    )


def erase_notifications(membership: Membership) -> None:
    for model, column in (
        (Notification, Notification.recipient_id),
        (NotificationPreference, NotificationPreference.membership_id),
    ):
        db.session.execute(
            delete(model)
            .where(column == membership.id)
            .execution_options(synchronize_session=False)
        )


register_section(
    "notifications",
    collect_notifications,
    erase_notifications,
    order=80,
    description="What the platform told you here, and how you chose to hear it.",
)
