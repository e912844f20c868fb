"""A student's own readiness for their home page: three queries, whatever their checklists."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import g

from ..checklists.progress import student_items
from ..checklists.views import group_items
from ..stages import BlueprintStage
from ..tenancy.models import Membership
from .queries import student_competencies, students_facts
from .rules import DEFAULT_CHECKLIST_WEIGHT, Level, assess

NEXT_ITEMS = 5


def next_step(level: Level, returned: int, overdue: int, open_items: int, stage) -> str:
    """Return the one thing the student should do next, in plain words."""
    if returned:
        return "An advisor returned an item with a note: read it and redo the item."
    if overdue:
        return "Some required items are past due: finish them first."
    if level is Level.NOT_STARTED and open_items:
        return "Start with the first item of your checklist below."
    if open_items:
        return "Keep going: finish the next item due."
    if level is Level.INTERVIEW_READY:
        return "You are interview-ready. Bring your blueprint to your second interview."
    if stage is not BlueprintStage.APPROVED:
        return (
            "Your checklist is done: write your 90-Day Blueprint and ask an advisor to review it."
        )
    return "Nothing is assigned yet: your career center will assign a checklist."


def student_readiness(membership: Membership) -> dict:
    """Return the student's readiness, competencies, next items due and next step."""
    now = datetime.now(UTC)
    institution = g.get("institution")
    weight = institution.checklist_weight if institution else DEFAULT_CHECKLIST_WEIGHT
    facts = students_facts(now.date(), membership_id=membership.id)
    readiness = assess(facts[0].facts, now, weight) if facts else None
    groups = group_items(student_items(membership.id), now.date())
    open_items = [
        (group, view)
        for group in groups
        for view in group.items
        if view.status.value in ("todo", "returned")
    ]
    open_items.sort(key=lambda gv: (gv[0].assignment.due_on, not gv[1].item.required))
    returned = sum(1 for _, view in open_items if view.status.value == "returned")
    step = next_step(
        readiness.level if readiness else Level.NOT_STARTED,
        returned,
        readiness.overdue if readiness else 0,
        len(open_items),
        readiness.stage if readiness else BlueprintStage.NONE,
    )
    return {
        "readiness": readiness,
        "has_checklists": bool(groups),
        "next_items": open_items[:NEXT_ITEMS],
        "competencies": student_competencies(membership.id),
        "next_step": step,
    }
