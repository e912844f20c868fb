"""A student's own readiness for their home page: three queries, whatever their checklists,
and none while the readiness cache holds them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from flask import g

from ..checklists.pages import group_items
from ..checklists.progress import student_items
from ..checklists.rules import is_open
from ..stages import BlueprintStage
from ..tenancy import clock
from ..tenancy.models import Membership
from . import cache
from .queries import student_competencies, students_facts
from .rules import DEFAULT_CHECKLIST_WEIGHT, Facts, Level, assess

NEXT_ITEMS = 5


# The blueprint's part of the next step, by the student's most advanced blueprint.
BLUEPRINT_STEP = {
    BlueprintStage.NONE: "write your 90-Day Blueprint and ask an advisor to review it.",
    BlueprintStage.DRAFT: "finish your 90-Day Blueprint and submit it for review.",
    BlueprintStage.SUBMITTED: "your 90-Day Blueprint is with your advisor; watch for feedback.",
    BlueprintStage.CHANGES_REQUESTED: "make the changes your advisor asked for, then resubmit.",
}


def next_step(
    level: Level,
    returned: int,
    overdue: int,
    open_items: int,
    stage,
    has_checklists: bool = True,
) -> str:
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
    step = BLUEPRINT_STEP.get(stage)
    if step and has_checklists:
        return f"Your checklist is done: {step}"
    if step:
        return f"No checklist is assigned yet. Meanwhile, {step}"
    return "Nothing is assigned yet: your career center will assign a checklist."


@dataclass(frozen=True)
class StudentSnapshot:
    """What the home page needs of a student's checklists, free of any database session."""

    facts: Facts | None
    has_checklists: bool
    open_items: int
    returned: int
    next_items: list[tuple[SimpleNamespace, SimpleNamespace]]
    competencies: list[tuple[str, int, int]]


def _detached(group, view) -> tuple[SimpleNamespace, SimpleNamespace]:
    """Copy the attributes the home page reads of one open item (group, view)."""
    assignment, item = group.assignment, view.item
    return (
        SimpleNamespace(
            assignment=SimpleNamespace(id=assignment.id, due_on=assignment.due_on),
            version=SimpleNamespace(title=group.version.title),
        ),
        SimpleNamespace(
            item=SimpleNamespace(id=item.id, title=item.title, required=item.required),
            status=view.status,
            overdue=view.overdue,
            due_today=view.due_today,
        ),
    )


def student_snapshot(membership_id: int, today: date) -> StudentSnapshot:
    """Read the student's facts, open items and competencies: three queries."""
    facts = students_facts(today, membership_id=membership_id)
    groups = group_items(student_items(membership_id), today)
    open_items = [(group, view) for group in groups for view in group.items if is_open(view.status)]
    open_items.sort(key=lambda gv: (gv[0].assignment.due_on, not gv[1].item.required))
    return StudentSnapshot(
        facts=facts[0].facts if facts else None,
        has_checklists=bool(groups),
        open_items=len(open_items),
        returned=sum(1 for _, view in open_items if view.status.value == "returned"),
        next_items=[_detached(group, view) for group, view in open_items[:NEXT_ITEMS]],
        competencies=student_competencies(membership_id),
    )


def student_readiness(membership: Membership) -> dict:
    """Return the student's readiness, competencies, next items due and next step.

    The snapshot is cached by the membership's readiness version and its institution's local
    date; the level is assessed now, so the 7-day rule on requested changes stays exact.
    """
    now = clock.utc_now()
    institution = g.get("institution")
    weight = institution.checklist_weight if institution else DEFAULT_CHECKLIST_WEIGHT
    today = clock.local_today(institution, now)
    key = cache.student_key(membership)
    snapshot = cache.cached(
        cache.students,
        key and (*key, today),
        lambda: student_snapshot(membership.id, today),
    )
    readiness = assess(snapshot.facts, now, weight) if snapshot.facts else None
    step = next_step(
        readiness.level if readiness else Level.NOT_STARTED,
        snapshot.returned,
        readiness.overdue if readiness else 0,
        snapshot.open_items,
        readiness.stage if readiness else BlueprintStage.NONE,
        snapshot.has_checklists,
    )
    return {
        "readiness": readiness,
        "has_checklists": snapshot.has_checklists,
        "next_items": snapshot.next_items,
        "competencies": snapshot.competencies,
        "next_step": step,
    }
