"""A person's notifications, and how they want to hear of each kind."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, Enum, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from ..tenancy.models import TenantMixin, tenant_key, tenant_link, utcnow


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(cls, name=name, native_enum=False, values_callable=lambda e: [m.value for m in e])


class Kind(enum.StrEnum):
    """What a notification is about (one per signal of `events.py`)."""

    SUBMITTED = "submitted"
    CLAIMED = "claimed"
    PUBLISHED = "published"
    OVERDUE = "overdue"
    REPLIED = "replied"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    Kind.SUBMITTED: "A blueprint is submitted for review",
    Kind.CLAIMED: "A review is claimed or taken over",
    Kind.PUBLISHED: "Feedback on your blueprint is published",
    Kind.OVERDUE: "A blueprint waits past the first-response target",
    Kind.REPLIED: "Someone replies in a comment thread",
}


class Delivery(enum.StrEnum):
    """How a person hears of one kind of notification."""

    EMAIL = "email"  # in the app and by mail at once (the default)
    IN_APP = "in_app"
    DIGEST = "digest"  # in the app, and in one mail a day

    @property
    def label(self) -> str:
        return DELIVERY_LABELS[self]


DELIVERY_LABELS = {
    Delivery.EMAIL: "Email and in the app",
    Delivery.IN_APP: "In the app only",
    Delivery.DIGEST: "In the app, and a daily digest email",
}


class Notification(TenantMixin, Model):
    """Something that happened, for one member; read once they open it or mark it read."""

    __tablename__ = "notifications"
    __table_args__ = (
        tenant_key("notifications"),
        tenant_link("recipient_id", "memberships", ondelete="CASCADE"),
        tenant_link("plan_id", "plans", ondelete="CASCADE"),
        # The header's unread count and the list, newest first, read only the recipient's rows.
        Index("ix_notifications_recipient_id_read_at", "recipient_id", "read_at"),
        Index("ix_notifications_recipient_id_id", "recipient_id", "id"),
        # The digest looks for what it has not sent yet.
        Index("ix_notifications_delivery_digested_at", "delivery", "digested_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[Kind] = mapped_column(_enum(Kind, "notification_kind"))
    text: Mapped[str] = mapped_column(String(500))
    # The path of the object's canonical page (/<slug>/blueprints/<id>), on this site.
    link: Mapped[str] = mapped_column(String(500))
    plan_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # How the recipient chose to hear of this kind when it was made.
    delivery: Mapped[Delivery] = mapped_column(_enum(Delivery, "notification_delivery"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When a daily digest carried it (digest delivery only): a second run skips it.
    digested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(TenantMixin, Model):
    """A member's choice for one kind; no row means the default, email and in the app."""

    __tablename__ = "notification_prefs"
    __table_args__ = (
        UniqueConstraint("membership_id", "kind"),
        tenant_link("membership_id", "memberships", ondelete="CASCADE"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    membership_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[Kind] = mapped_column(_enum(Kind, "notification_kind"))
    delivery: Mapped[Delivery] = mapped_column(_enum(Delivery, "notification_delivery"))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
