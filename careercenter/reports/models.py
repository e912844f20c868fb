"""Exports made in the background: who asked, for what, how far along, and the file."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, DateTime, Enum, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from ..tenancy.models import Membership, TenantMixin, tenant_link, utcnow

KEEP_FOR = timedelta(days=1)


class ExportStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {
            "queued": "Waiting to start",
            "running": "In progress",
            "done": "Ready",
            "failed": "Failed",
        }[self.value]


class Export(TenantMixin, Model):
    """One export file asked for by one member; the bytes live in `storage.py`'s backend."""

    __tablename__ = "exports"
    __table_args__ = (tenant_link("requester_id", "memberships", ondelete="CASCADE"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    requester_id: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "pdf"
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[ExportStatus] = mapped_column(
        Enum(
            ExportStatus,
            name="export_status",
            native_enum=False,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=ExportStatus.QUEUED,
    )
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent
    step: Mapped[str] = mapped_column(String(120), default="")
    students: Mapped[int] = mapped_column(Integer, default=0)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)  # only to download
    # Where the file is when not in `data`: "s3://bucket/key" (storage.py). Each file keeps
    # its own, so changing EXPORT_STORAGE_URL leaves earlier files readable and purgeable.
    location: Mapped[str | None] = mapped_column(String(1024))
    size: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=lambda: utcnow() + KEEP_FOR, index=True
    )

    requester: Mapped[Membership] = relationship(
        primaryjoin="foreign(Export.requester_id) == Membership.id"
    )
