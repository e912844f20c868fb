"""Reviews of submitted blueprint revisions, their anchored comments, replies and settings."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Enum,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from ..tenancy.models import TenantMixin, tenant_key, tenant_link, utcnow

DEFAULT_TARGET_DAYS = 2


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(cls, name=name, native_enum=False, values_callable=lambda e: [m.value for m in e])


class ReviewState(enum.StrEnum):
    DRAFT = "draft"  # only staff see it; the student sees nothing of it
    PUBLISHED = "published"


class Decision(enum.StrEnum):
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"

    @property
    def label(self) -> str:
        return {"approved": "Approved", "changes_requested": "Changes requested"}[self.value]


class CommentStatus(enum.StrEnum):
    OPEN = "open"
    ADDRESSED = "addressed"  # the student says it is done
    RESOLVED = "resolved"  # the advisor agrees

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ReviewSettings(TenantMixin, Model):
    """An institution's review settings (one row, made when first saved)."""

    __tablename__ = "review_settings"
    __table_args__ = (UniqueConstraint("institution_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Business days a submission may wait for its first response before it stands out.
    target_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_TARGET_DAYS)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class RubricVersion(TenantMixin, Model):
    """One version of an institution's rubric; editing adds a version, reviews keep theirs.

    `criteria` is a list of {"key", "title", "description"}; `levels` a list of level names,
    lowest first.
    """

    __tablename__ = "rubric_versions"
    __table_args__ = (tenant_key("rubric_versions"), UniqueConstraint("institution_id", "number"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    criteria: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    levels: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Review(TenantMixin, Model):
    """An advisor's review of one revision: a draft while they work, then published once."""

    __tablename__ = "reviews"
    __table_args__ = (
        tenant_key("reviews"),
        tenant_link("plan_id", "plans", ondelete="CASCADE"),
        tenant_link("revision_id", "plan_revisions", ondelete="CASCADE"),
        tenant_link("reviewer_id", "memberships"),
        tenant_link("rubric_version_id", "rubric_versions"),
        UniqueConstraint("revision_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(Integer, index=True)
    revision_id: Mapped[int] = mapped_column(Integer)
    reviewer_id: Mapped[int] = mapped_column(Integer, index=True)
    state: Mapped[ReviewState] = mapped_column(
        _enum(ReviewState, "review_state"), default=ReviewState.DRAFT
    )
    decision: Mapped[Decision | None] = mapped_column(_enum(Decision, "review_decision"))
    overall_note: Mapped[str] = mapped_column(Text, default="")
    rubric_version_id: Mapped[int | None] = mapped_column(Integer)
    # {criterion key: {"level": int | None, "comment": str, "carried": bool}}
    ratings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_published(self) -> bool:
        return self.state is ReviewState.PUBLISHED


class ReviewComment(TenantMixin, Model):
    """A comment anchored to one element of the plan document and to the text it was made on."""

    __tablename__ = "review_comments"
    __table_args__ = (
        tenant_key("review_comments"),
        tenant_link("plan_id", "plans", ondelete="CASCADE"),
        tenant_link("review_id", "reviews", ondelete="CASCADE"),
        tenant_link("author_id", "memberships"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(Integer, index=True)
    review_id: Mapped[int] = mapped_column(Integer, index=True)
    author_id: Mapped[int] = mapped_column(Integer)
    element_id: Mapped[str] = mapped_column(String(80))
    element_label: Mapped[str] = mapped_column(String(200))
    anchored_text: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[CommentStatus] = mapped_column(
        _enum(CommentStatus, "review_comment_status"), default=CommentStatus.OPEN
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class CommentReply(TenantMixin, Model):
    """A reply in a comment's thread, by the student or staff."""

    __tablename__ = "comment_replies"
    __table_args__ = (
        tenant_link("comment_id", "review_comments", ondelete="CASCADE"),
        tenant_link("author_id", "memberships"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(Integer, index=True)
    author_id: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReviewReminder(TenantMixin, Model):
    """That the wait of a revision past the target was announced (once per revision)."""

    __tablename__ = "review_reminders"
    __table_args__ = (
        tenant_link("revision_id", "plan_revisions", ondelete="CASCADE"),
        UniqueConstraint("revision_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision_id: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class BankComment(TenantMixin, Model):
    """A saved comment for reuse: an advisor's own (`owner_id`) or the institution's (NULL)."""

    __tablename__ = "comment_bank"
    __table_args__ = (tenant_link("owner_id", "memberships", ondelete="CASCADE"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(Integer, index=True)
    criterion_key: Mapped[str] = mapped_column(String(40), default="")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
