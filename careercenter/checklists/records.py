"""A student's checklist progress in their records (with their evidence and the advisor's
notes); removal deletes it and forgets who reviewed what."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from ..audit.erase import forget_subjects
from ..auth.models import User
from ..extensions import db
from ..record_sections import Collected, register_section
from ..tenancy.models import Membership
from .models import Assignment, ChecklistItem, ChecklistVersion, ItemProgress


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def collect_progress(membership: Membership) -> Collected:
    rows = db.session.execute(
        select(ItemProgress, ChecklistItem, ChecklistVersion.title, Assignment.due_on, User.name)
        .join(ChecklistItem, ChecklistItem.id == ItemProgress.item_id)
        .join(Assignment, Assignment.id == ItemProgress.assignment_id)
        .join(ChecklistVersion, ChecklistVersion.id == Assignment.version_id)
        .outerjoin(User, User.id == ItemProgress.reviewed_by_id)
        .where(ItemProgress.membership_id == membership.id)
        .order_by(ChecklistVersion.title, ChecklistItem.position, ItemProgress.id)
    )
    return Collected(
        [
            {
                "checklist": title,
                "item": item.title,
                "competency": item.competency,
                "due_on": _iso(due_on),
                "status": progress.status.value,
                "evidence_note": progress.evidence_note,
                "evidence_link": progress.evidence_link,
                "advisor_note": progress.advisor_note,
                "done_at": _iso(progress.done_at),
                "reviewed_at": _iso(progress.reviewed_at),
                "reviewed_by": reviewer,
                "updated_at": _iso(progress.updated_at),
            }
            for progress, item, title, due_on, reviewer in rows
        ]
    )


def erase_progress(membership: Membership) -> None:
    theirs = select(ItemProgress.id).where(ItemProgress.membership_id == membership.id)
    forget_subjects("ItemProgress", theirs)
    db.session.execute(
        delete(ItemProgress)
        .where(ItemProgress.membership_id == membership.id)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(ItemProgress)
        .where(ItemProgress.reviewed_by_id == membership.user_id)
        .values(reviewed_by_id=None)
        .execution_options(synchronize_session=False)
    )


register_section(
    "checklists",
    collect_progress,
    erase_progress,
    order=30,
    description=(
        "Your progress on every checklist item you worked on: status, your evidence, your "
        "advisor's notes and reviews."
    ),
)
