"""Practices: global rows (institution NULL) shared by every tenant, and each institution's own.

`practices` is deliberately NOT a `TenantMixin` table: tenant scoping would hide the global
rows. Reads go through `visible_practices()` only; writes are guarded on flush so that an
institution can change nothing but its own practices (see docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    Select,
    String,
    Text,
    UniqueConstraint,
    event,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import Model, db
from ..tenancy.models import TenantMixin, utcnow
from ..tenancy.scoping import (
    CrossTenantWriteError,
    TenantScopeError,
    current_institution_id,
    is_unscoped,
)


class Competency(enum.StrEnum):
    """The eight NACE career-readiness competencies."""

    CAREER = "Career & Self-Development"
    COMMUNICATION = "Communication"
    CRITICAL_THINKING = "Critical Thinking"
    EQUITY = "Equity & Inclusion"
    LEADERSHIP = "Leadership"
    PROFESSIONALISM = "Professionalism"
    TEAMWORK = "Teamwork"
    TECHNOLOGY = "Technology"


CATEGORIES = {
    "research": "Research",
    "insider-interviews": "Insider interviews",
    "blueprint": "Blueprint",
    "second-interview": "Second interview",
    "follow-through": "Follow-through",
    "readiness": "General readiness",
}


class Practice(Model):
    """One best practice; global when `institution_id` is NULL, otherwise an institution's own."""

    __tablename__ = "practices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str | None] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    guidance: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(40), index=True)
    competency: Mapped[str] = mapped_column(String(40), index=True)
    source: Mapped[str] = mapped_column(String(300), default="")
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_global(self) -> bool:
        return self.institution_id is None

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.category, self.category)


class PracticeHidden(TenantMixin, Model):
    """An institution's choice to hide one global practice from its library."""

    __tablename__ = "practice_hidden"
    __table_args__ = (UniqueConstraint("institution_id", "practice_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practices.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def visible_practices(*, include_hidden: bool = False, include_retired: bool = False) -> Select:
    """Return a SELECT of the practices the current institution may read: the only way to read them.

    Global practices plus the institution's own; hidden globals and retired practices are left
    out unless asked for (admins manage them). Outside an institution it raises: visible to
    whom? (Platform code reads `Practice` directly, under `unscoped()`.)
    """
    tenant_id = current_institution_id()
    if tenant_id is None:
        raise TenantScopeError("visible_practices() outside any institution; use tenant_scope()")
    owner = or_(Practice.institution_id.is_(None), Practice.institution_id == tenant_id)
    stmt = select(Practice).where(owner)
    if not include_retired:
        stmt = stmt.where(Practice.retired.is_(False))
    if not include_hidden:
        hidden = select(PracticeHidden.practice_id)  # scoped to the tenant automatically
        stmt = stmt.where(Practice.id.not_in(hidden))
    return stmt


def hidden_practice_ids() -> set[int]:
    """Return the ids of the global practices the current institution hides."""
    return set(db.session.execute(select(PracticeHidden.practice_id)).scalars())


@event.listens_for(Session, "before_flush")
def _guard_practice_writes(session: Session, _context, _instances) -> None:
    """Refuse, inside an institution, any write to a global or another institution's practice;
    outside one, any write not under `unscoped()` (platform code: `flask practices sync`)."""
    tenant_id = current_institution_id()
    if tenant_id is None and is_unscoped():
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(obj, Practice):
            continue
        if tenant_id is None:
            raise TenantScopeError(
                "flush of Practice outside any tenant scope; use tenant_scope() or unscoped()"
            )
        if obj in session.new and obj.institution_id is None:
            obj.institution_id = tenant_id
        if obj.institution_id != tenant_id:
            raise CrossTenantWriteError(
                f"practice {obj.id} belongs to {obj.institution_id or 'the global library'}"
            )
