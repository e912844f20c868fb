"""Readable names for the audit log: what each action means, and what each subject is called.

Subjects are named in one query per kind of subject on the page (at most one per entry of
`SUBJECT_NAMERS`), whatever the number of events.
"""

from __future__ import annotations

from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from ..tenancy.models import Institution, Membership
from .queries import shown_email, shown_name

ACTION_LABELS = {
    "auth.login": "Signed in",
    "auth.login_failed": "Failed sign-in",
    "auth.choose_institution": "Chose an institution",
    "auth.invitation_accepted": "Accepted an invitation",
    "auth.invitation_declined": "Declined an invitation",
    "auth.password_reset": "Reset their password",
    "auth.password_reset_requested": "Asked for a password reset",
    "member.invited": "Invited a member",
    "member.invitation_resent": "Resent an invitation",
    "member.invitation_withdrawn": "Withdrew an invitation",
    "member.role_changed": "Changed a role",
    "member.deactivated": "Deactivated a member",
    "member.reactivated": "Reactivated a member",
    "institution.created": "Created the institution",
    "institution.settings_changed": "Changed the settings",
    "settings.readiness_weights": "Changed the readiness weights",
    "cohort.created": "Created a cohort",
    "cohort.updated": "Edited a cohort",
    "cohort.archived": "Archived a cohort",
    "cohort.restored": "Restored a cohort",
    "cohort.advisor_added": "Assigned an advisor",
    "cohort.advisor_removed": "Took an advisor off a cohort",
    "cohort.student_enrolled": "Enrolled a student",
    "cohort.student_removed": "Took a student out of a cohort",
    "cohort.join_code_enable": "Turned the join code on",
    "cohort.join_code_disable": "Turned the join code off",
    "cohort.join_code_regenerate": "Made a new join code",
    "practice.created": "Added a practice",
    "practice.updated": "Edited a practice",
    "practice.retired": "Retired a practice",
    "practice.restored": "Restored a practice",
    "practice.hidden": "Hid a practice",
    "practice.shown": "Showed a practice again",
    "checklist.created": "Created a checklist",
    "checklist.draft_started": "Started a checklist draft",
    "checklist.draft_updated": "Edited a checklist draft",
    "checklist.item_added": "Added a checklist item",
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
    "readiness.student_viewed": "Viewed a student's readiness",
    "readiness.dashboard_viewed": "Viewed a cohort's readiness dashboard",
    "plan.created": "Started a blueprint",
    "plan.viewed": "Viewed a blueprint",
    "plan.submitted": "Submitted a blueprint",
    "plan.submit": "Submitted a blueprint",
    "plan.withdraw": "Withdrew a blueprint",
    "plan.start_review": "Started reviewing a blueprint",
    "plan.request_changes": "Asked for changes to a blueprint",
    "plan.approve": "Approved a blueprint",
}


def action_label(action: str) -> str:
    """Return what an action means; unknown ones read as "Area: words" from the code."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    area, _, rest = action.partition(".")
    words = (rest or area).replace("_", " ")
    return f"{area.capitalize()}: {words}" if rest else words.capitalize()


def _people(model, ids):
    stmt = select(model.id, User.name, User.email)
    if model is Membership:  # an invitation not yet accepted is named as the admin typed it
        stmt = select(Membership.id, shown_name(), shown_email())
        stmt = stmt.join(User, User.id == Membership.user_id)
    return {
        i: f"{name} ({email})"
        for i, name, email in db.session.execute(stmt.where(model.id.in_(ids)))
    }


def _titles(column, label: str = "{}"):
    def namer(ids):
        model = column.class_
        rows = db.session.execute(select(model.id, column).where(model.id.in_(ids)))
        return {i: label.format(value) for i, value in rows}

    return namer


def _versions(ids):
    from ..checklists.models import ChecklistVersion as V

    rows = db.session.execute(select(V.id, V.title, V.number).where(V.id.in_(ids)))
    return {i: f"{title} (version {number})" for i, title, number in rows}


def _assignments(ids):
    from ..checklists.models import Assignment, ChecklistVersion
    from ..cohorts.models import Cohort

    rows = db.session.execute(
        select(Assignment.id, ChecklistVersion.title, Cohort.name)
        .join(ChecklistVersion, ChecklistVersion.id == Assignment.version_id)
        .join(Cohort, Cohort.id == Assignment.cohort_id)
        .where(Assignment.id.in_(ids))
    )
    return {i: f"{title} for {cohort}" for i, title, cohort in rows}


def _progress(ids):
    from ..checklists.models import ChecklistItem, ItemProgress

    rows = db.session.execute(
        select(ItemProgress.id, ChecklistItem.title, User.name)
        .join(ChecklistItem, ChecklistItem.id == ItemProgress.item_id)
        .join(Membership, Membership.id == ItemProgress.membership_id)
        .join(User, User.id == Membership.user_id)
        .where(ItemProgress.id.in_(ids))
    )
    return {i: f"{name}: “{title}”" for i, title, name in rows}


def _plans(ids):
    from ..plans.models import Plan

    rows = db.session.execute(
        select(Plan.id, Plan.role_title, Plan.employer, User.name)
        .join(Membership, Membership.id == Plan.owner_id)
        .join(User, User.id == Membership.user_id)
        .where(Plan.id.in_(ids))
    )
    return {i: f"{name}'s blueprint: {role} at {employer}" for i, role, employer, name in rows}


def _subject_namers():
    from ..checklists.models import ChecklistTemplate
    from ..cohorts.models import Cohort
    from ..practices.models import Practice

    return {
        "User": lambda ids: _people(User, ids),
        "Membership": lambda ids: _people(Membership, ids),
        "Institution": _titles(Institution.name),
        "Cohort": _titles(Cohort.name, "Cohort “{}”"),
        "Practice": _titles(Practice.title, "Practice “{}”"),
        "ChecklistTemplate": _titles(ChecklistTemplate.title, "Checklist “{}”"),
        "ChecklistVersion": _versions,
        "Assignment": _assignments,
        "ItemProgress": _progress,
        "Plan": _plans,
    }


def subject_names(events) -> dict[tuple[str, int], str]:
    """Return readable names of the events' subjects, keyed by (type, id)."""
    namers = _subject_namers()
    wanted: dict[str, set[int]] = {}
    for event in events:
        if event.subject_type in namers and event.subject_id is not None:
            wanted.setdefault(event.subject_type, set()).add(event.subject_id)
    names: dict[tuple[str, int], str] = {}
    for kind, ids in wanted.items():
        names.update({(kind, i): name for i, name in namers[kind](ids).items()})
    return names
