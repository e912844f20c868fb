"""Blueprints (plans) and their immutable submitted revisions."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Dialect,
    Enum,
    Index,
    Integer,
    LargeBinary,
    String,
    TypeDecorator,
    UniqueConstraint,
    literal_column,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from ..extensions import Model
from ..tenancy.models import Membership, TenantMixin, tenant_key, tenant_link, utcnow
from .content import PlanDocument


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(cls, name=name, native_enum=False, values_callable=lambda e: [m.value for m in e])


class PlanDocumentJSON(TypeDecorator[PlanDocument]):
    """A JSON column read into a `PlanDocument` as it is loaded, and written from one."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: PlanDocument | None, dialect: Dialect) -> Any:
        return None if value is None else value.to_json()

    def process_result_value(self, value: Any, dialect: Dialect) -> PlanDocument | None:
        # Without the caps: a document saved under other limits still opens.
        return None if value is None else PlanDocument.from_json(value, caps=False)


@dataclass(frozen=True)
class RevisionHeader:
    """What a revision freezes besides its document: the opportunity and the student's contact.

    Interview dates are ISO dates, or "" when not set.
    """

    student_name: str
    student_email: str
    employer: str
    role_title: str
    posting_url: str = ""
    first_interview_on: str = ""
    second_interview_on: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RevisionHeader:
        """Return the header stored as `data` (a JSON object)."""
        names = {f.name for f in fields(cls)}
        return cls(**{name: str(value or "") for name, value in data.items() if name in names})


class RevisionHeaderJSON(TypeDecorator[RevisionHeader]):
    """A JSON column read into a `RevisionHeader` as it is loaded, and written from one."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: RevisionHeader | None, dialect: Dialect) -> Any:
        return None if value is None else asdict(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> RevisionHeader | None:
        return None if value is None else RevisionHeader.from_json(value)


class PlanState(enum.StrEnum):
    """Where a blueprint stands in its review workflow."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class RevisionState(enum.StrEnum):
    """What became of one submitted revision."""

    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


# A blueprint waits for a decision while submitted or in review. Written out as SQL so that
# the partial indexes below and the queries that count waiting rows say the same words:
# SQLite uses a partial index only when the query repeats its condition with literals.
WAITING_SQL = "state IN ('submitted', 'in_review')"


def _waiting_index(name: str, *columns: str) -> Index:
    where = text(WAITING_SQL)
    return Index(name, *columns, sqlite_where=where, postgresql_where=where)


def is_waiting(state: Any) -> ColumnElement[bool]:
    """Return `state IN ('submitted', 'in_review')` with literals, as the partial indexes say."""
    return state.in_([literal_column("'submitted'"), literal_column("'in_review'")])


class Plan(TenantMixin, Model):
    """A student's 90-Day Blueprint for one target opportunity; `content` is the working copy."""

    __tablename__ = "plans"
    __table_args__ = (
        tenant_key("plans"),
        tenant_link("owner_id", "memberships", ondelete="CASCADE"),
        tenant_link("cohort_id", "cohorts"),
        # The homes count waiting blueprints (all, or an advisor's students') from it alone.
        _waiting_index("ix_plans_waiting", "institution_id", "state", "owner_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(Integer, index=True)
    cohort_id: Mapped[int | None] = mapped_column(Integer, index=True)
    employer: Mapped[str] = mapped_column(String(200))
    role_title: Mapped[str] = mapped_column(String(200))
    posting_url: Mapped[str] = mapped_column(String(500), default="")
    first_interview_on: Mapped[date | None] = mapped_column(Date)
    second_interview_on: Mapped[date | None] = mapped_column(Date)
    state: Mapped[PlanState] = mapped_column(
        _enum(PlanState, "plan_state"), default=PlanState.DRAFT
    )
    content: Mapped[PlanDocument] = mapped_column(PlanDocumentJSON, default=PlanDocument)
    # Pages of the working copy's leave-behind, computed when the content is saved (autosaves
    # recount at most every few seconds); the digest names the leave-behind HTML counted.
    page_count: Mapped[int | None] = mapped_column(Integer)
    page_count_digest: Mapped[str | None] = mapped_column(String(64))
    page_counted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revision_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    changes_requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)

    owner: Mapped[Membership] = relationship(
        primaryjoin="foreign(Plan.owner_id) == Membership.id", lazy="joined"
    )
    revisions: Mapped[list[PlanRevision]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        order_by="PlanRevision.number",
        primaryjoin="Plan.id == foreign(PlanRevision.plan_id)",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def title(self) -> str:
        return f"{self.role_title} at {self.employer}"


class PlanRevision(TenantMixin, Model):
    """An immutable snapshot made at a submission; only its review state changes."""

    __tablename__ = "plan_revisions"
    __table_args__ = (
        tenant_key("plan_revisions"),
        tenant_link("plan_id", "plans", ondelete="CASCADE"),
        UniqueConstraint("plan_id", "number"),
        # The review queue reads waiting revisions oldest first (reviews/queue.py).
        Index("ix_plan_revisions_institution_id_submitted_at", "institution_id", "submitted_at"),
        # Waiting revisions only, oldest first, covering the queue's page of ids and counts.
        _waiting_index(
            "ix_plan_revisions_waiting", "institution_id", "submitted_at", "id", "state"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(Integer, index=True)
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[RevisionState] = mapped_column(
        _enum(RevisionState, "plan_revision_state"), default=RevisionState.SUBMITTED
    )
    # Employer, role, posting link, interview dates, student's name and email at submission.
    header: Mapped[RevisionHeader] = mapped_column(RevisionHeaderJSON)
    content: Mapped[PlanDocument] = mapped_column(PlanDocumentJSON, default=PlanDocument)
    page_count: Mapped[int | None] = mapped_column(Integer)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)

    plan: Mapped[Plan] = relationship(
        back_populates="revisions", primaryjoin="foreign(PlanRevision.plan_id) == Plan.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def visible_to_staff(self) -> bool:
        return self.state is not RevisionState.WITHDRAWN


class PlanPdf(TenantMixin, Model):
    """A rendered leave-behind PDF, kept so that the same text is never rendered twice.

    One per plan and `number`: 0 is the working copy, n is revision n. `html_digest` names the
    HTML that was rendered; when a plan's HTML no longer matches (new text, template, branding,
    a renamed student) the PDF is rendered anew and replaces this one.
    """

    __tablename__ = "plan_pdfs"
    __table_args__ = (
        tenant_link("plan_id", "plans", ondelete="CASCADE"),
        UniqueConstraint("plan_id", "number"),
    )

    WORKING_COPY = 0

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    html_digest: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    rendered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
