"""What the audit log calls checklist events, checklists, versions, assignments and progress."""

from __future__ import annotations

from sqlalchemy import select

from ..audit.labels import register_actions, register_detail, register_subject, titles
from ..auth.models import User
from ..cohorts.models import Cohort
from ..extensions import db
from ..tenancy.models import Membership
from .models import Assignment, ChecklistItem, ChecklistTemplate, ChecklistVersion, ItemProgress

register_actions(
    {
        "checklist.created": "Created a checklist",
        "checklist.draft_started": "Started a checklist draft",
        "checklist.draft_updated": "Edited a checklist draft",
        "checklist.item_added": "Added a checklist item",
        "checklist.item_updated": "Changed a checklist item",
        "checklist.item_moved": "Moved a checklist item",
        "checklist.item_removed": "Removed a checklist item",
        "checklist.published": "Published a checklist",
        "checklist.assigned": "Assigned a checklist",
        "checklist.due_changed": "Changed a due date",
        "checklist.assignment_replaced": "Replaced a checklist version",
        "checklist.unassigned": "Removed a checklist from a cohort",
        "checklist.item_done": "Marked an item done",
        "checklist.item_undone": "Undid an item",
        "checklist.item_verified": "Verified an item",
        "checklist.item_returned": "Returned an item",
        "checklist.queue_viewed": "Viewed students' work in the checklist queue",
    }
)


def _versions(ids: set[int]) -> dict[int, str]:
    V = ChecklistVersion
    rows = db.session.execute(select(V.id, V.title, V.number).where(V.id.in_(ids)))
    return {i: f"{title} (version {number})" for i, title, number in rows}


def _assignments(ids: set[int]) -> dict[int, str]:
    rows = db.session.execute(
        select(Assignment.id, ChecklistVersion.title, Cohort.name)
        .join(ChecklistVersion, ChecklistVersion.id == Assignment.version_id)
        .join(Cohort, Cohort.id == Assignment.cohort_id)
        .where(Assignment.id.in_(ids))
    )
    return {i: f"{title} for {cohort}" for i, title, cohort in rows}


def _progress(ids: set[int]) -> dict[int, str]:
    rows = db.session.execute(
        select(ItemProgress.id, ChecklistItem.title, User.name)
        .join(ChecklistItem, ChecklistItem.id == ItemProgress.item_id)
        .join(Membership, Membership.id == ItemProgress.membership_id)
        .join(User, User.id == Membership.user_id)
        .where(ItemProgress.id.in_(ids))
    )
    return {i: f"{name}: “{title}”" for i, title, name in rows}


register_subject("ChecklistTemplate", titles(ChecklistTemplate.title, "Checklist “{}”"))
register_subject("ChecklistVersion", _versions)
register_subject("Assignment", _assignments)
register_subject("ItemProgress", _progress)
register_subject("ChecklistItem", titles(ChecklistItem.title, "“{}”"))
register_detail("item_id", "ChecklistItem", "item")
register_detail("assignment_id", "Assignment", "assignment")
register_detail("student", "Membership", "student")  # named by members/audit.py
