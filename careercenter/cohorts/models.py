"""Cohorts: groups of students that advisors follow and checklists are assigned to."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, DateTime, Enum, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from ..tenancy.models import Membership, TenantMixin, tenant_key, tenant_link, utcnow


class CohortStatus(enum.StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"


class Cohort(TenantMixin, Model):
    """A group of students in one institution, with the advisors who follow them."""

    __tablename__ = "cohorts"
    __table_args__ = (tenant_key("cohorts"), UniqueConstraint("join_code"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    term: Mapped[str] = mapped_column(String(60), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[CohortStatus] = mapped_column(
        Enum(
            CohortStatus,
            name="cohort_status",
            native_enum=False,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=CohortStatus.ACTIVE,
    )
    join_code: Mapped[str | None] = mapped_column(String(16))
    join_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Committed changes to what its readiness reads (careercenter/readiness/cache.py).
    readiness_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    advisor_links: Mapped[list[CohortAdvisor]] = relationship(
        back_populates="cohort",
        cascade="all, delete-orphan",
        primaryjoin="Cohort.id == foreign(CohortAdvisor.cohort_id)",
    )
    student_links: Mapped[list[CohortStudent]] = relationship(
        back_populates="cohort",
        cascade="all, delete-orphan",
        primaryjoin="Cohort.id == foreign(CohortStudent.cohort_id)",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_active(self) -> bool:
        return self.status is CohortStatus.ACTIVE


class CohortAdvisor(TenantMixin, Model):
    """An advisor assigned to a cohort."""

    __tablename__ = "cohort_advisors"
    __table_args__ = (
        UniqueConstraint("cohort_id", "membership_id"),
        tenant_link("cohort_id", "cohorts", ondelete="CASCADE"),
        tenant_link("membership_id", "memberships", ondelete="CASCADE"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cohort_id: Mapped[int] = mapped_column(Integer, index=True)
    membership_id: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    cohort: Mapped[Cohort] = relationship(
        back_populates="advisor_links", primaryjoin="foreign(CohortAdvisor.cohort_id) == Cohort.id"
    )
    membership: Mapped[Membership] = relationship(
        primaryjoin="foreign(CohortAdvisor.membership_id) == Membership.id"
    )


class CohortStudent(TenantMixin, Model):
    """A student enrolled in a cohort."""

    __tablename__ = "cohort_students"
    __table_args__ = (
        UniqueConstraint("cohort_id", "membership_id"),
        tenant_link("cohort_id", "cohorts", ondelete="CASCADE"),
        tenant_link("membership_id", "memberships", ondelete="CASCADE"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cohort_id: Mapped[int] = mapped_column(Integer, index=True)
    membership_id: Mapped[int] = mapped_column(Integer, index=True)
    enrolled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    cohort: Mapped[Cohort] = relationship(
        back_populates="student_links", primaryjoin="foreign(CohortStudent.cohort_id) == Cohort.id"
    )
    membership: Mapped[Membership] = relationship(
        primaryjoin="foreign(CohortStudent.membership_id) == Membership.id"
    )
