"""Keep that something happened, not who it was about: the audit log's part of a removal.

When a student is removed from an institution (records/), the events they took part in stay
(the log must not lose history), but nothing in them names the person any more: the actor is
cleared where it was them, the subject where it was one of their rows, and the detail (which
may hold an email, a name or their membership id) where it mentions them.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Text, cast, or_, update

from ..extensions import db
from .models import AuditEvent

# Detail keys that hold a membership id (cohorts: enrolment; checklists: the student).
MEMBER_KEYS = ("membership_id", "student", "member_id")


def _unsynced(statement):
    return statement.execution_options(synchronize_session=False)


def forget_subjects(subject_type: str, ids: Any) -> None:
    """Clear the subject and the detail of every event about these rows (ids or a subquery)."""
    db.session.execute(
        _unsynced(
            update(AuditEvent)
            .where(AuditEvent.subject_type == subject_type, AuditEvent.subject_id.in_(ids))
            .values(subject_id=None, detail={})
        )
    )


def _mentions(text_value: str) -> list:
    detail = cast(AuditEvent.detail, Text)
    escaped = json.dumps(text_value)[1:-1]  # as the JSON column stores it (\u00eb for ë)
    forms = {text_value, escaped}
    return [detail.contains(form, autoescape=True) for form in forms if form]


def forget_person(membership_id: int, user_id: int, names: list[str]) -> None:
    """Anonymise the institution's events by or about one member (`names`: emails and names)."""
    db.session.execute(
        _unsynced(update(AuditEvent).where(AuditEvent.actor_id == user_id).values(actor_id=None))
    )
    forget_subjects("Membership", [membership_id])
    detail = cast(AuditEvent.detail, Text)
    mentions = [m for name in names if name for m in _mentions(name)]
    for key in MEMBER_KEYS:
        for end in (",", "}"):
            mentions.append(detail.contains(f'"{key}": {membership_id}{end}', autoescape=True))
    db.session.execute(_unsynced(update(AuditEvent).where(or_(*mentions)).values(detail={})))
