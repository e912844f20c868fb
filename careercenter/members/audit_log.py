"""The audit log as admins read it: filtered, paged, with readable subjects, in fixed queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import and_, or_, select

from ..audit import AuditEvent
from ..audit.labels import action_label, detail_label, named_detail, subject_names
from ..auth.models import User
from ..extensions import db
from ..tenancy.models import Membership
from .queries import shown_email, shown_name


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    person: str = ""

    def as_args(self) -> dict[str, str]:
        return {k: v for k, v in {"action": self.action, "person": self.person}.items() if v}


@dataclass(frozen=True)
class AuditRow:
    """One event as the page shows it."""

    event: AuditEvent
    actor: str
    subject: str
    details: list[tuple[str, str]]

    @property
    def action(self) -> str:
        return action_label(self.event.action)

    @property
    def when(self) -> datetime:
        return self.event.created_at


def known_actions() -> list[str]:
    """Return the distinct actions recorded in this institution, for the filter."""
    stmt = select(AuditEvent.action).distinct().order_by(AuditEvent.action)
    return list(db.session.execute(stmt).scalars())


def _person_clause(text: str):
    people = select(User.id).where(
        or_(User.name.icontains(text, autoescape=True), User.email.icontains(text, autoescape=True))
    )
    # Memberships match on what this institution may see: the typed name until accepted.
    memberships = (
        select(Membership.id)
        .join(User, User.id == Membership.user_id)
        .where(
            or_(
                shown_name().icontains(text, autoescape=True),
                shown_email().icontains(text, autoescape=True),
            )
        )
    )
    return or_(
        AuditEvent.actor_id.in_(people),
        and_(AuditEvent.subject_type == "User", AuditEvent.subject_id.in_(people)),
        and_(AuditEvent.subject_type == "Membership", AuditEvent.subject_id.in_(memberships)),
    )


MAX_PAGE = 1_000_000  # far past any log; pages beyond the last are empty


def list_events(filters: AuditFilters, page: int, per_page: int) -> Pagination:
    """Return one page of events, newest first (two queries: count and rows, actors joined)."""
    stmt = select(AuditEvent)
    if filters.action:
        stmt = stmt.where(AuditEvent.action == filters.action)
    if filters.person:
        stmt = stmt.where(_person_clause(filters.person))
    stmt = stmt.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    # Clamped: ?page=2**63 made an OFFSET the database driver cannot send (a 500).
    page = min(max(page, 1), MAX_PAGE)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def describe(events: list[AuditEvent]) -> list[AuditRow]:
    """Turn events into rows with readable names (one query per kind of subject on the page)."""
    names = subject_names(events)
    rows = []
    for event in events:
        # An invitation declined has no account to name: the event says who ("by").
        by = str((event.detail or {}).get("by") or "").capitalize()
        actor = event.actor.name if event.actor else by or "System or unknown person"
        if event.subject_type is None:
            subject = "—"
        else:
            named = names.get((event.subject_type, event.subject_id or 0))  # ids start at 1
            subject = named or f"{event.subject_type} #{event.subject_id} (no longer exists)"
        details = [
            (detail_label(key), named_detail(key, value, names) or _format(value))
            for key, value in sorted((event.detail or {}).items())
        ]
        rows.append(AuditRow(event, actor, subject, details))
    return rows


def _format(value) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_format(v)}" for k, v in value.items())
    if isinstance(value, list | tuple) and len(value) == 2:
        return f"{value[0]} → {value[1]}"
    return str(value)
