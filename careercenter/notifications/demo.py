"""Demo notifications, consistent with the demo blueprints.

Submitting the demo blueprints (plans' step) already told the advisors through
`events.blueprint_submitted`. This step reads those as an advisor would have: what was
decided, picked up or withdrawn since is read; the latest submission of a blueprint still
waiting stays unread. Students hear of the decisions on their blueprints, read once they
resubmitted. Run late, so that a step which publishes real reviews comes first.
"""

from __future__ import annotations

from sqlalchemy import select

from ..demo import DemoInstitution, seed_step
from ..extensions import db
from ..plans.models import Plan, PlanRevision, PlanState, RevisionState
from ..tenancy.clock import utc_now
from .models import Kind, Notification
from .services import Message, notify


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


def _decision_notices(demo: DemoInstitution) -> None:
    """Tell each demo student of the decisions on their blueprints (once)."""
    told = set(
        db.session.execute(
            select(Notification.recipient_id, Notification.plan_id).where(
                Notification.kind == Kind.PUBLISHED
            )
        ).all()
    )
    reviewer = demo.advisor
    decided = db.session.execute(
        select(PlanRevision, Plan)
        .join(Plan, Plan.id == PlanRevision.plan_id)
        .where(PlanRevision.state.in_([RevisionState.CHANGES_REQUESTED, RevisionState.APPROVED]))
        .order_by(PlanRevision.plan_id, PlanRevision.number)
    ).all()
    for revision, plan in decided:
        if (plan.owner_id, plan.id) in told:
            continue
        approved = revision.state is RevisionState.APPROVED
        name = reviewer.display_name
        text = (
            f"{name} approved your blueprint “{plan.title}”."
            if approved
            else f"{name} requested changes to your blueprint “{plan.title}”. "
            "Open it to read what to change."
        )
        message = Message(
            kind=Kind.PUBLISHED,
            text=text,
            subject="Your blueprint is approved" if approved else "Changes requested",
            about=f"Blueprint: {plan.title}, by {plan.owner.display_name}",
            endpoint="plans.show",
            values={"slug": demo.institution.slug, "plan_id": plan.id},
            plan_id=plan.id,
        )
        for notification in notify([plan.owner], message, reviewer.user_id):
            if revision.number < plan.revision_count:  # resubmitted since: they read it
                notification.read_at = utc_now()


@seed_step(order=95)
def seed_notifications(demo: DemoInstitution) -> None:
    """Read the advisors' older notifications; tell students of decisions on their blueprints."""
    db.session.flush()
    _read_acted_on_submissions()
    _decision_notices(demo)
    db.session.flush()
