"""A student's own readiness and cohorts for their home page: one query, whatever their
checklists, and none while the readiness cache holds them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from flask import g

from ..checklists.models import ProgressStatus
from ..checklists.rules import is_complete, is_open, is_overdue
from ..stages import BlueprintStage
from ..tenancy import clock
from ..tenancy.models import Membership
from . import cache
from .queries import aware, home_rows
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
class CohortCard:
    """What the student home shows of one cohort (plain values, safe to keep between requests)."""

    id: int
    name: str
    term: str


@dataclass(frozen=True)
class StudentSnapshot:
    """What the home page needs of a student's cohorts and checklists, free of any session."""

    facts: Facts
    cohorts: list[CohortCard]
    has_checklists: bool
    open_items: int
    returned: int
    next_items: list[tuple[SimpleNamespace, SimpleNamespace]]
    competencies: list[tuple[str, int, int]]


def _next_item(row, status: ProgressStatus, overdue: bool, today: date):
    """Return the (group, view) pair the home page reads of one open item."""
    return (
        SimpleNamespace(
            assignment=SimpleNamespace(id=row[0], due_on=row[1]),
            version=SimpleNamespace(title=row[2]),
        ),
        SimpleNamespace(
            item=SimpleNamespace(id=row[3], title=row[4], required=row[5]),
            status=status,
            overdue=overdue,
            due_today=row[1] == today,
        ),
    )


def student_snapshot(membership_id: int, today: date) -> StudentSnapshot:
    """Read the student's cohorts, their items and their blueprint stage: one query.

    The item facts are counted here with the predicates readiness' SQL is built from
    (`checklists.rules`), over the same rows (every item of every assignment of their
    cohorts), so the home and the dashboard agree without a second query.
    """
    every = home_rows(membership_id)
    stage_row = every[0] if every else None
    cohorts = list(  # in the query's order: by name, in the database's collation
        dict.fromkeys(
            CohortCard(r.cohort_id, r.cohort_name, r.cohort_term)
            for r in every
            if r.cohort_id is not None
        )
    )
    # By due date, then checklist and position (the order the checklist page shows them).
    rows = sorted((r for r in every if r.item_id is not None), key=lambda r: (r[1], r[0], r[9]))
    required_total = required_complete = touched = overdue = 0
    open_items: list[tuple[tuple, ProgressStatus, bool]] = []
    competencies: dict[str, list[int]] = {}
    for row in rows:
        status = row[8] or ProgressStatus.TODO
        value, required = status.value, row[5]
        complete = is_complete(value, row[6])
        late = is_overdue(value, required, row[1], today)
        required_total += required
        required_complete += required and complete
        touched += status is not ProgressStatus.TODO
        overdue += late
        if row[7] is not None:
            counts = competencies.setdefault(row[7], [0, 0])
            counts[0] += complete
            counts[1] += 1
        if is_open(value):
            open_items.append((row, status, late))
    open_items.sort(key=lambda found: (found[0][1], not found[0][5]))  # stable: by position
    stage = stage_row.stage if stage_row is not None else None
    facts = Facts(
        required_total=required_total,
        required_complete=required_complete,
        items_touched=touched,
        overdue=overdue,
        stage=BlueprintStage(stage) if stage else BlueprintStage.NONE,
        changes_requested_at=aware(stage_row.changes_requested_at) if stage_row else None,
        blueprint_updated_at=aware(stage_row.blueprint_updated_at) if stage_row else None,
    )
    return StudentSnapshot(
        facts=facts,
        cohorts=cohorts,
        has_checklists=bool(rows),
        open_items=len(open_items),
        returned=sum(1 for _, status, _ in open_items if status is ProgressStatus.RETURNED),
        next_items=[_next_item(r, st, late, today) for r, st, late in open_items[:NEXT_ITEMS]],
        competencies=[(name, done, total) for name, (done, total) in sorted(competencies.items())],
    )


def student_readiness(membership: Membership) -> dict:
    """Return the student's readiness, cohorts, competencies, next items due and next step.

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
    readiness = assess(snapshot.facts, now, weight)
    step = next_step(
        readiness.level,
        snapshot.returned,
        readiness.overdue,
        snapshot.open_items,
        readiness.stage,
        snapshot.has_checklists,
    )
    return {
        "readiness": readiness,
        "today": today,
        "cohorts": snapshot.cohorts,
        "has_checklists": snapshot.has_checklists,
        "next_items": snapshot.next_items,
        "competencies": snapshot.competencies,
        "next_step": step,
    }
