"""Building checklists: templates, drafts, items, publishing and assignments (all audited).

Every change to a draft bumps the draft's version counter, and forms carry the counter they
were loaded at, so two admins editing one template never overwrite each other silently.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from ..actions import Refused, check_version
from ..audit import record
from ..cohorts.models import Cohort
from ..extensions import db
from ..practices.models import Practice
from ..tenancy.models import utcnow
from .models import (
    Assignment,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistVersion,
    Evidence,
    VersionStatus,
)


class ChecklistError(Refused):
    """A change that is refused, with a message for the person who asked."""


def stale(what: str = "this checklist") -> str:
    """Return the message for a form loaded before someone else changed `what`."""
    return (
        f"Someone else changed {what} meanwhile. The page now shows their changes; "
        "nothing of yours was saved — please redo it."
    )


def _editable(version: ChecklistVersion, loaded: str | None) -> None:
    if version.is_published:
        raise ChecklistError("A published version never changes. Start a new draft to edit.")
    check_version(version.version, loaded, stale())
    version.updated_at = utcnow()  # bumps the version counter of the draft


def create_template(title: str) -> ChecklistTemplate:
    """Create a template with an empty first draft."""
    template = ChecklistTemplate(title=title)
    db.session.add(template)
    db.session.flush()
    db.session.add(ChecklistVersion(template_id=template.id, number=1, title=title))
    db.session.flush()
    record("checklist.created", template, title=title)
    return template


def versions_of(template: ChecklistTemplate) -> list[ChecklistVersion]:
    """Return the template's versions, newest first."""
    return list(
        db.session.execute(
            select(ChecklistVersion)
            .where(ChecklistVersion.template_id == template.id)
            .order_by(ChecklistVersion.number.desc())
        ).scalars()
    )


def start_draft(template: ChecklistTemplate, loaded: str | None) -> ChecklistVersion:
    """Copy the latest published version into a new draft (one draft at a time)."""
    check_version(template.version, loaded, stale())
    versions = versions_of(template)
    if versions and not versions[0].is_published:
        return versions[0]
    latest = versions[0]
    draft = ChecklistVersion(
        template_id=template.id,
        number=latest.number + 1,
        title=latest.title,
        description=latest.description,
    )
    db.session.add(draft)
    db.session.flush()
    for item in latest.items:
        db.session.add(
            ChecklistItem(
                version_id=draft.id,
                **{c: getattr(item, c) for c in _ITEM_COPY},
            )
        )
    template.updated_at = utcnow()  # bumps the template counter: a second "edit" click is stale
    record("checklist.draft_started", template, number=draft.number)
    return draft


_ITEM_COPY = (
    "position",
    "practice_id",
    "title",
    "details",
    "competency",
    "required",
    "evidence",
    "needs_verification",
)


def update_details(version: ChecklistVersion, loaded: str | None, title: str, description: str):
    """Rename a draft and change its description."""
    _editable(version, loaded)
    version.title, version.description = title, description or ""
    record("checklist.draft_updated", version, title=title)


def add_item(
    version: ChecklistVersion,
    loaded: str | None,
    *,
    practice: Practice | None,
    title: str,
    details: str,
    competency: str | None,
    required: bool,
    evidence: Evidence,
    needs_verification: bool,
) -> ChecklistItem:
    """Append an item: a library practice (title and competency copied) or custom text."""
    _editable(version, loaded)
    if practice is None and not title.strip():
        raise ChecklistError("Choose a practice or write the item's text.")
    last = db.session.execute(
        select(func.max(ChecklistItem.position)).where(ChecklistItem.version_id == version.id)
    ).scalar()
    item = ChecklistItem(
        version_id=version.id,
        position=(last or 0) + 1,
        practice_id=practice.id if practice else None,
        title=title.strip() or (practice.title if practice else ""),
        details=details or "",
        competency=competency or (practice.competency if practice else None),
        required=required,
        evidence=evidence,
        needs_verification=needs_verification,
    )
    db.session.add(item)
    db.session.flush()
    record("checklist.item_added", version, item_id=item.id, title=item.title)
    return item


def update_item(
    item: ChecklistItem,
    loaded: str | None,
    *,
    title: str,
    details: str,
    competency: str | None,
    required: bool,
    evidence: Evidence,
    needs_verification: bool,
) -> None:
    """Change an item of a draft (its practice stays: the link to its guidance)."""
    version = item.checklist_version
    _editable(version, loaded)
    if not title.strip():
        raise ChecklistError("Give the item its text.")
    item.title, item.details = title.strip(), details or ""
    item.competency, item.required = competency or None, required
    item.evidence, item.needs_verification = evidence, needs_verification
    record("checklist.item_updated", version, item_id=item.id, title=item.title)


def move_item(item: ChecklistItem, loaded: str | None, direction: str) -> None:
    """Swap an item with its neighbour above ("up") or below ("down")."""
    version = item.checklist_version
    _editable(version, loaded)
    items = list(version.items)
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return
    items[index].position, items[other].position = items[other].position, items[index].position
    record("checklist.item_moved", version, item_id=item.id, direction=direction)


def remove_item(item: ChecklistItem, loaded: str | None) -> None:
    """Delete an item from a draft and close the gap in the order."""
    version = item.checklist_version
    _editable(version, loaded)
    version.items.remove(item)
    for position, remaining in enumerate(version.items, start=1):
        remaining.position = position
    record("checklist.item_removed", version, item_id=item.id, title=item.title)


def publish(version: ChecklistVersion, loaded: str | None) -> None:
    """Freeze a draft: from now on it can be assigned and never changes."""
    _editable(version, loaded)
    if not version.items:
        raise ChecklistError("Add at least one item before publishing.")
    version.status = VersionStatus.PUBLISHED
    version.published_at = utcnow()
    version.template.title = version.title
    record("checklist.published", version, number=version.number)


def assignment_of_template(cohort_id: int, template_id: int) -> Assignment | None:
    """Return the cohort's assignment of any version of the template, if there is one."""
    return db.session.execute(
        select(Assignment)
        .join(ChecklistVersion, ChecklistVersion.id == Assignment.version_id)
        .where(Assignment.cohort_id == cohort_id, ChecklistVersion.template_id == template_id)
        .limit(1)
    ).scalar_one_or_none()


def past_due(due_on: date) -> str:
    """Return why a due date in the past is refused, and how to go ahead anyway."""
    return (
        f"{due_on:%d %B %Y} is already past, so every item would be overdue from the start. "
        "Choose a later date, or tick “Allow a date in the past” and send it again."
    )


def _check_due(due_on: date, not_before: date | None) -> None:
    if not_before is not None and due_on < not_before:
        raise ChecklistError(past_due(due_on))


def assign(
    version: ChecklistVersion, cohort: Cohort, due_on: date, not_before: date | None = None
) -> Assignment:
    """Assign a published version to an active cohort with a due date (not before `not_before`)."""
    _check_due(due_on, not_before)
    if not version.is_published:
        raise ChecklistError("Publish the checklist before assigning it.")
    if not cohort.is_active:
        raise ChecklistError("That cohort is archived.")
    exists = db.session.execute(
        select(Assignment.id).where(
            Assignment.cohort_id == cohort.id, Assignment.version_id == version.id
        )
    ).first()
    if exists:
        raise ChecklistError(
            f"{cohort.name} already has this version; change its due date instead."
        )
    other = assignment_of_template(cohort.id, version.template_id)
    if other is not None:
        older = other.checklist_version.number
        raise ChecklistError(
            f"{cohort.name} already follows version {older} of this checklist. To give them "
            f"version {version.number}, use “Replace with version {version.number}” below "
            "rather than adding a second copy."
        )
    assignment = Assignment(cohort_id=cohort.id, version_id=version.id, due_on=due_on)
    db.session.add(assignment)
    db.session.flush()
    record("checklist.assigned", assignment, cohort_id=cohort.id, due_on=due_on.isoformat())
    return assignment


def change_due(
    assignment: Assignment, loaded: str | None, due_on: date, not_before: date | None = None
) -> None:
    """Move an assignment's due date (not before `not_before`)."""
    check_version(assignment.version, loaded, stale("this assignment"))
    _check_due(due_on, not_before)
    record(
        "checklist.due_changed",
        assignment,
        before=assignment.due_on.isoformat(),
        after=due_on.isoformat(),
    )
    assignment.due_on = due_on


def template_assignments(template: ChecklistTemplate):
    """Return (assignment, version, cohort) for every assignment of the template's versions."""
    return db.session.execute(
        select(Assignment, ChecklistVersion, Cohort)
        .join(ChecklistVersion, ChecklistVersion.id == Assignment.version_id)
        .join(Cohort, Cohort.id == Assignment.cohort_id)
        .where(ChecklistVersion.template_id == template.id)
        .order_by(Assignment.due_on)
    ).all()


def cohort_assignments(cohort_id: int):
    """Return (assignment, version) for a cohort, by due date."""
    return db.session.execute(
        select(Assignment, ChecklistVersion)
        .join(ChecklistVersion, ChecklistVersion.id == Assignment.version_id)
        .where(Assignment.cohort_id == cohort_id)
        .order_by(Assignment.due_on)
    ).all()
