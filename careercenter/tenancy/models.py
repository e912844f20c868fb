"""Institutions (tenants), memberships, and the mixin every tenant table uses."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    DateTime,
    Enum,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from ..extensions import Model
from . import clock


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC (read from the one clock)."""
    return clock.utc_now()


class Institution(Model):
    """A tenant: one university or college career center."""

    __tablename__ = "institutions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    brand_colour: Mapped[str] = mapped_column(String(7), default="#1f5f8b")
    checklist_weight: Mapped[int] = mapped_column(Integer, default=70)
    # An IANA name: "today", "due today" and "overdue" follow this campus clock (clock.py).
    time_zone: Mapped[str] = mapped_column(
        String(64), default=clock.DEFAULT_ZONE, server_default=clock.DEFAULT_ZONE
    )
    # Members sign in through the institution's identity provider (sso/), passwords only for
    # its break-glass admins; kept here so entering the institution costs no extra query.
    sso_required: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Reports that leave the career center hide counts below this (5–30; reports/numbers.py).
    report_min_cell: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    # A PDF export of more students than this is made in the background (reports/background.py).
    export_background_threshold: Mapped[int] = mapped_column(
        Integer, default=1000, server_default="1000"
    )
    # Committed changes to what the review queue counts (reviews/counts.py bumps it at commit).
    review_queue_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    @property
    def blueprint_weight(self) -> int:
        """Return the readiness weight of the blueprint stage (the rest of 100)."""
        return 100 - self.checklist_weight

    def __repr__(self) -> str:
        return f"<Institution {self.slug}>"


class TenantMixin:
    """Marks a model as tenant data: scoped to the current institution on every query and flush.

    Links between tenant rows use `tenant_link()` so that the database itself refuses a link
    that crosses institutions.
    """

    tenant_nullable = False
    if TYPE_CHECKING:  # every tenant model has an integer primary key `id` of its own
        id: Mapped[int]

    @declared_attr
    def institution_id(cls) -> Mapped[int]:
        return mapped_column(
            ForeignKey("institutions.id", ondelete="CASCADE"),
            index=True,
            nullable=cls.tenant_nullable,
        )


def tenant_key(table: str) -> UniqueConstraint:
    """Return the (id, institution_id) key that tenant links point at."""
    return UniqueConstraint("id", "institution_id", name=f"uq_{table}_id_institution_id")


def tenant_link(column: str, target: str, ondelete: str | None = None) -> ForeignKeyConstraint:
    """Return a composite foreign key (column, institution_id) -> target(id, institution_id)."""
    return ForeignKeyConstraint(
        [column, "institution_id"],
        [f"{target}.id", f"{target}.institution_id"],
        ondelete=ondelete,
    )


class Role(enum.StrEnum):
    """A member's role within one institution."""

    ADMIN = "admin"
    ADVISOR = "advisor"
    STUDENT = "student"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Membership(TenantMixin, Model):
    """A person's role in one institution; a person may hold memberships in several."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("institution_id", "user_id"),
        tenant_key("memberships"),
        # The staff of an institution (the review queue's "claimed by" filter) without a scan.
        Index("ix_memberships_institution_id_role_active", "institution_id", "role", "active"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(
        Enum(Role, name="role", native_enum=False, values_callable=lambda e: [m.value for m in e])
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # An invitation is pending until the person accepts it (accepted_at NULL, active False):
    # until then the institution sees only what its admin typed, never the person's account.
    invited_name: Mapped[str | None] = mapped_column(String(200))
    invited_email: Mapped[str | None] = mapped_column(String(254))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    declined_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Committed changes to what the student's home reads (careercenter/readiness/cache.py).
    readiness_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    # A type checker sees no `User`: auth is a floor above tenancy (tests/test_layers.py).
    user: Mapped[User] = relationship(lazy="joined")  # type: ignore[name-defined]  # noqa: F821
    institution: Mapped[Institution] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    def __init__(self, **values) -> None:
        # Made directly (seed, operator, tests) it counts as accepted; an invitation passes
        # accepted_at=None. (A column default would also fire for an explicit None.)
        values.setdefault("accepted_at", utcnow())
        super().__init__(**values)

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_pending(self) -> bool:
        """Whether the invitation awaits an answer (no access, nothing of the person shown)."""
        return self.accepted_at is None and self.declined_at is None

    @property
    def display_name(self) -> str:
        """Return the name this institution may show: the typed one until accepted."""
        return self.user.name if self.is_accepted else (self.invited_name or "")

    @property
    def display_email(self) -> str:
        """Return the email this institution may show: the typed one until accepted."""
        return self.user.email if self.is_accepted else (self.invited_email or "")

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_advisor(self) -> bool:
        return self.role is Role.ADVISOR

    @property
    def is_student(self) -> bool:
        return self.role is Role.STUDENT

    def __repr__(self) -> str:
        return f"<Membership {self.user_id}@{self.institution_id} {self.role}>"
