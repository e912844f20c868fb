"""The audit log as admins read it: filtered, paged, with readable subjects, in fixed queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import and_, or_, select

from ..audit import AuditEvent
from ..auth.models import User
from ..extensions import db
from ..tenancy.models import Membership

# Subjects that name a person, resolved to that person in one query per type.
PERSON_SUBJECTS = ("User", "Membership")


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
    memberships = select(Membership.id).where(Membership.user_id.in_(people))
    return or_(
        AuditEvent.actor_id.in_(people),
        and_(AuditEvent.subject_type == "User", AuditEvent.subject_id.in_(people)),
        and_(AuditEvent.subject_type == "Membership", AuditEvent.subject_id.in_(memberships)),
    )


def list_events(filters: AuditFilters, page: int, per_page: int) -> Pagination:
    """Return one page of events, newest first (two queries: count and rows, actors joined)."""
    stmt = select(AuditEvent)
    if filters.action:
        stmt = stmt.where(AuditEvent.action == filters.action)
    if filters.person:
        stmt = stmt.where(_person_clause(filters.person))
    stmt = stmt.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    return db.paginate(stmt, page=max(page, 1), per_page=per_page, error_out=False)


def describe(events: list[AuditEvent]) -> list[AuditRow]:
    """Turn events into rows with people's names (at most two more queries, whatever the page)."""
    names = _subject_names(events)
    rows = []
    for event in events:
        actor = event.actor.name if event.actor else "System or unknown person"
        if event.subject_type is None:
            subject = "—"
        else:
            subject = names.get((event.subject_type, event.subject_id)) or (
                f"{event.subject_type} #{event.subject_id}"
            )
        details = [(key, _format(value)) for key, value in sorted((event.detail or {}).items())]
        rows.append(AuditRow(event, actor, subject, details))
    return rows


def _subject_names(events: list[AuditEvent]) -> dict[tuple[str, int], str]:
    wanted = {kind: set() for kind in PERSON_SUBJECTS}
    for event in events:
        if event.subject_type in wanted and event.subject_id is not None:
            wanted[event.subject_type].add(event.subject_id)
    names: dict[tuple[str, int], str] = {}
    if wanted["User"]:
        rows = db.session.execute(
            select(User.id, User.name, User.email).where(User.id.in_(wanted["User"]))
        )
        names.update({("User", i): f"{name} ({email})" for i, name, email in rows})
    if wanted["Membership"]:
        rows = db.session.execute(
            select(Membership.id, User.name, User.email)
            .join(User, User.id == Membership.user_id)
            .where(Membership.id.in_(wanted["Membership"]))
        )
        names.update({("Membership", i): f"{name} ({email})" for i, name, email in rows})
    return names


def _format(value) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_format(v)}" for k, v in value.items())
    if isinstance(value, list | tuple) and len(value) == 2:
        return f"{value[0]} → {value[1]}"
    return str(value)
