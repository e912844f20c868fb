"""Views of student records, audited once per viewer, page, subject and day.

FERPA (34 CFR 99.32) asks that access to education records be recorded; a row per page load
would bury the log (an advisor reloads a dashboard all day), so each page records, per
viewer, which subjects (a student, a cohort) they saw each day. One indexed query
(`ix_audit_events_actor_id_action_created_at`) finds what today's views already recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import g
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..tenancy.clock import local_midnight
from .models import AuditEvent, record

# Views this process has seen recorded in the database (rows are never deleted): a viewer
# who reloads a page all day costs one query per process, not one per load. Keyed by the
# institution's id and creation (ids of a recreated database never match), viewer, action,
# campus day and subject; emptied when it grows past KNOWN_MAX.
_known: set[tuple] = set()
KNOWN_MAX = 20_000


def record_view(action: str, subject: Any, **detail: Any) -> AuditEvent | None:
    """Record that the signed-in person viewed `subject`, unless already recorded today."""
    added = record_views(action, {subject: detail})
    return added[0] if added else None


def record_views(action: str, subjects: Mapping[Any, dict[str, Any]]) -> list[AuditEvent]:
    """Record views of several subjects (each with its detail) not yet recorded today."""
    if not subjects or not current_user.is_authenticated:
        return []
    kinds = {type(subject).__name__ for subject in subjects}
    institution = g.get("institution")
    midnight = local_midnight(institution)  # the day on campus
    where = (
        getattr(institution, "id", None),
        getattr(institution, "created_at", None),
        current_user.id,
        action,
        midnight,
    )
    keys = {subject: (*where, type(subject).__name__, subject.id) for subject in subjects}
    if all(key in _known for key in keys.values()):
        return []
    seen = set(
        db.session.execute(
            select(AuditEvent.subject_type, AuditEvent.subject_id).where(
                AuditEvent.actor_id == current_user.id,
                AuditEvent.action == action,
                AuditEvent.created_at >= midnight,
                AuditEvent.subject_type.in_(kinds),
                AuditEvent.subject_id.in_({subject.id for subject in subjects}),
            )
        ).all()
    )
    if len(_known) > KNOWN_MAX:
        _known.clear()
    _known.update(key for key in keys.values() if key[-2:] in seen)
    return [
        record(action, subject, **detail)
        for subject, detail in subjects.items()
        if (type(subject).__name__, subject.id) not in seen
    ]
