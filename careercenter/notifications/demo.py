"""Demo notifications, consistent with the demo blueprints.

Submitting the demo blueprints (plans' step) already told the advisors through
`events.blueprint_submitted`. This step reads those as an advisor would have: what was
decided, picked up or withdrawn since is read; the latest submission of a blueprint still
waiting stays unread. Students hear who reviews their blueprints (read) and the decisions
(unread). Run late, so that a step which publishes real reviews comes first.
"""

from __future__ import annotations

from sqlalchemy import select

from ..demo import DemoInstitution, seed_step
from ..extensions import db
from ..plans.models import Plan, PlanRevision, PlanState, RevisionState
from ..tenancy.clock import utc_now
from .models import Kind, Notification
from .receivers import plan_message
from .services import notify


def _read_acted_on_submissions() -> None:
    """Mark submissions read unless they are the newest of a blueprint still waiting."""
    rows = db.session.execute(
        select(Notification, Plan.state)
        .join(Plan, Plan.id == Notification.plan_id)
        .where(Notification.kind == Kind.SUBMITTED, Notification.read_at.is_(None))
        .order_by(Notification.id.desc())
    ).all()
    newest_seen: set[tuple[int, int | None]] = set()
    for notification, state in rows:
        key = (notification.recipient_id, notification.plan_id)
        waiting = state is PlanState.SUBMITTED and key not in newest_seen
        newest_seen.add(key)
        if not waiting:
            notification.read_at = utc_now()


def _student_notices(demo: DemoInstitution) -> None:
    """Tell each demo student who picked up each reviewed revision, and the decision (once).

    A claim was read (the student looked); a decision is left unread, as students often
    go straight to the blueprint, whose banner says what to change.
    """
    told = set(
        db.session.scalars(
            select(Notification.plan_id).where(
                Notification.kind.in_([Kind.CLAIMED, Kind.PUBLISHED])
            )
        )
    )
    reviewed = db.session.execute(
        select(PlanRevision, Plan)
        .join(Plan, Plan.id == PlanRevision.plan_id)
        .where(PlanRevision.state.in_(_REVIEWED), Plan.id.not_in(told))
        .order_by(PlanRevision.plan_id, PlanRevision.number)
    ).all()
    reviewer = demo.advisor
    name = reviewer.display_name
    for revision, plan in reviewed:
        text = f"{name} is reviewing your blueprint “{plan.title}”."
        subject = f"{name} is reviewing your blueprint"
        claim = plan_message(plan, Kind.CLAIMED, text, subject, revision.id)
        for notification in notify([plan.owner], claim, reviewer.user_id):
            if revision.state is not RevisionState.IN_REVIEW:
                notification.read_at = utc_now()
        if revision.state is RevisionState.APPROVED:
            text = f"{name} approved your blueprint “{plan.title}”."
            subject = "Your blueprint is approved"
        elif revision.state is RevisionState.CHANGES_REQUESTED:
            text = (
                f"{name} requested changes to your blueprint “{plan.title}”. "
                "Open it to read what to change."
            )
            subject = "Changes requested on your blueprint"
        else:
            continue
        decision = plan_message(plan, Kind.PUBLISHED, text, subject, revision.id)
        notify([plan.owner], decision, reviewer.user_id)


_REVIEWED = [RevisionState.IN_REVIEW, RevisionState.CHANGES_REQUESTED, RevisionState.APPROVED]


@seed_step(order=95)
def seed_notifications(demo: DemoInstitution) -> None:
    """Read the advisors' older notifications; tell students of the reviews of their blueprints."""
    db.session.flush()
    _read_acted_on_submissions()
    _student_notices(demo)
    db.session.flush()
