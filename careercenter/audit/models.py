"""Audit events and the one function that writes them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model, db
from ..tenancy.models import TenantMixin, utcnow


class AuditEvent(TenantMixin, Model):
    """One recorded action. Platform-level events (a failed sign-in) have no institution."""

    __tablename__ = "audit_events"
    # One person's events of one kind since a moment: the daily check of `views.record_views`.
    __table_args__ = (
        Index("ix_audit_events_actor_id_action_created_at", "actor_id", "action", "created_at"),
    )
    tenant_nullable = True

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(64), index=True)
    subject_type: Mapped[str | None] = mapped_column(String(64))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ip: Mapped[str | None] = mapped_column(String(64))

    actor = relationship("User", lazy="joined")


NOBODY = object()  # `record(..., actor=NOBODY)`: no actor, even with someone signed in
_acting: ContextVar[Any] = ContextVar("audit_acting_as", default=None)


@contextmanager
def acting_as(actor: Any) -> Iterator[None]:
    """Record `actor` (a `User`) as who acts in the block, where nobody is signed in.

    For work done on someone's behalf outside a request: `flask demo seed` makes each
    student's blueprint as that student, each review as the advisor.
    """
    token = _acting.set(actor)
    try:
        yield
    finally:
        _acting.reset(token)


def record(
    action: str,
    subject: Any = None,
    *,
    actor: Any = None,
    institution_id: int | None = None,
    **detail: Any,
) -> AuditEvent:
    """Add an audit event to the session (committed with the request's unit of work).

    The actor is whoever is signed in unless `actor` names one, or `NOBODY`; outside a request,
    whoever `acting_as` names.
    """
    if actor is None:
        actor = _acting.get()
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    event = AuditEvent(
        action=action,
        actor_id=None if actor is NOBODY else getattr(actor, "id", None),
        subject_type=type(subject).__name__ if subject is not None else None,
        subject_id=getattr(subject, "id", None),
        detail={k: v for k, v in detail.items() if v is not None},
        ip=request.remote_addr if has_request_context() else None,
    )
    if institution_id is not None:
        event.institution_id = institution_id
    db.session.add(event)
    return event
