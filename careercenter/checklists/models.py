"""Checklists: template → versions (published ones never change) → ordered items; assignments
of a version to a cohort; each student's progress on each item.

Progress rows are created lazily, the first time a student acts on an item: a missing row means
"to do". Students enrolled after an assignment therefore get it with nothing to copy.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from ..tenancy.models import TenantMixin, tenant_key, tenant_link, utcnow


def _enum(cls, name):
    return Enum(cls, name=name, native_enum=False, values_callable=lambda e: [m.value for m in e])


class VersionStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Evidence(enum.StrEnum):
    NONE = "none"
    NOTE = "note"
    LINK = "link"

    @property
    def label(self) -> str:
        return {"none": "No evidence", "note": "A note", "link": "A link"}[self.value]


class ProgressStatus(enum.StrEnum):
    TODO = "todo"
    DONE = "done"
    VERIFIED = "verified"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return {
            "todo": "To do",
            "done": "Done",
            "verified": "Verified",
            "returned": "Returned",
        }[self.value]


class ChecklistTemplate(TenantMixin, Model):
    """A checklist an institution builds and improves over time."""

    __tablename__ = "checklist_templates"
    __table_args__ = (tenant_key("checklist_templates"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    versions: Mapped[list[ChecklistVersion]] = relationship(
        back_populates="template",
        order_by="ChecklistVersion.number",
        primaryjoin="ChecklistTemplate.id == foreign(ChecklistVersion.template_id)",
    )

    __mapper_args__ = {"version_id_col": version}


class ChecklistVersion(TenantMixin, Model):
    """One numbered version of a template: a draft being edited, or published and immutable."""

    __tablename__ = "checklist_versions"
    __table_args__ = (
        tenant_key("checklist_versions"),
        UniqueConstraint("template_id", "number"),
        tenant_link("template_id", "checklist_templates", ondelete="CASCADE"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template_id: Mapped[int] = mapped_column(Integer, index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[VersionStatus] = mapped_column(
        _enum(VersionStatus, "version_status"), default=VersionStatus.DRAFT
    )
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    template: Mapped[ChecklistTemplate] = relationship(
        back_populates="versions",
        primaryjoin="foreign(ChecklistVersion.template_id) == ChecklistTemplate.id",
    )
    items: Mapped[list[ChecklistItem]] = relationship(
        back_populates="checklist_version",
        order_by="ChecklistItem.position",
        cascade="all, delete-orphan",
        primaryjoin="ChecklistVersion.id == foreign(ChecklistItem.version_id)",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_published(self) -> bool:
        return self.status is VersionStatus.PUBLISHED


class ChecklistItem(TenantMixin, Model):
    """One step of a checklist version: a library practice or a custom text."""

    __tablename__ = "checklist_items"
    __table_args__ = (
        tenant_key("checklist_items"),
        tenant_link("version_id", "checklist_versions", ondelete="CASCADE"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(Integer, index=True)
    position: Mapped[int] = mapped_column(Integer)
    practice_id: Mapped[int | None] = mapped_column(
        ForeignKey("practices.id", ondelete="SET NULL"), index=True
    )
    # Copied from the practice when added, so a published version never changes under students.
    title: Mapped[str] = mapped_column(String(200))
    details: Mapped[str] = mapped_column(Text, default="")
    competency: Mapped[str | None] = mapped_column(String(40))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    evidence: Mapped[Evidence] = mapped_column(
        _enum(Evidence, "evidence_kind"), default=Evidence.NONE
    )
    needs_verification: Mapped[bool] = mapped_column(Boolean, default=False)

    checklist_version: Mapped[ChecklistVersion] = relationship(
        back_populates="items",
        primaryjoin="foreign(ChecklistItem.version_id) == ChecklistVersion.id",
    )


class Assignment(TenantMixin, Model):
    """A published checklist version assigned to a cohort, due on a date."""

    __tablename__ = "checklist_assignments"
    __table_args__ = (
        tenant_key("checklist_assignments"),
        UniqueConstraint("cohort_id", "version_id"),
        tenant_link("cohort_id", "cohorts", ondelete="CASCADE"),
        tenant_link("version_id", "checklist_versions", ondelete="CASCADE"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cohort_id: Mapped[int] = mapped_column(Integer, index=True)
    version_id: Mapped[int] = mapped_column(Integer, index=True)
    due_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    cohort = relationship("Cohort", primaryjoin="foreign(Assignment.cohort_id) == Cohort.id")
    checklist_version: Mapped[ChecklistVersion] = relationship(
        primaryjoin="foreign(Assignment.version_id) == ChecklistVersion.id"
    )

    __mapper_args__ = {"version_id_col": version}


class ItemProgress(TenantMixin, Model):
    """One student's state on one item of one assignment (absent row: to do)."""

    __tablename__ = "item_progress"
    __table_args__ = (
        UniqueConstraint("assignment_id", "item_id", "membership_id"),
        tenant_link("assignment_id", "checklist_assignments", ondelete="CASCADE"),
        tenant_link("item_id", "checklist_items", ondelete="CASCADE"),
        tenant_link("membership_id", "memberships", ondelete="CASCADE"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(Integer, index=True)
    item_id: Mapped[int] = mapped_column(Integer, index=True)
    membership_id: Mapped[int] = mapped_column(Integer, index=True)
    status: Mapped[ProgressStatus] = mapped_column(
        _enum(ProgressStatus, "progress_status"), default=ProgressStatus.TODO
    )
    evidence_note: Mapped[str] = mapped_column(Text, default="")
    evidence_link: Mapped[str] = mapped_column(String(500), default="")
    advisor_note: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    assignment: Mapped[Assignment] = relationship(
        primaryjoin="foreign(ItemProgress.assignment_id) == Assignment.id"
    )
    item: Mapped[ChecklistItem] = relationship(
        primaryjoin="foreign(ItemProgress.item_id) == ChecklistItem.id"
    )

    __mapper_args__ = {"version_id_col": version}
