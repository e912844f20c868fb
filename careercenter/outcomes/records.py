"""A student's outcomes in their records; removal deletes them and forgets who recorded others'."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from ..auth.models import User
from ..extensions import db
from ..plans.models import Plan
from ..record_sections import Collected, register_section
from ..tenancy.models import Membership
from .models import Outcome
from .services import step_date


def collect_outcomes(membership: Membership) -> Collected:
    rows = db.session.execute(
        select(Outcome, Plan, User.name)
        .join(Plan, Plan.id == Outcome.plan_id)
        .outerjoin(Membership, Membership.id == Outcome.recorded_by_id)
        .outerjoin(User, User.id == Membership.user_id)
        .where(Plan.owner_id == membership.id)
        .order_by(Plan.id, Outcome.id)
    ).unique()
    data = []
    for outcome, plan, recorder in rows:
        happened = step_date(plan, outcome, outcome.step)
        data.append(
            {
                "blueprint_id": plan.id,
                "blueprint": plan.title,
                "step": outcome.step.value,
                "what": outcome.step.label,
                "happened_on": happened.isoformat() if happened else None,
                "sponsor_agreed": outcome.sponsor_agreed,
                "recorded_by": "you" if outcome.recorded_by_id == membership.id else recorder,
                "recorded_at": outcome.recorded_at.isoformat(),
            }
        )
    return Collected(data)


def erase_outcomes(membership: Membership) -> None:
    theirs = select(Plan.id).where(Plan.owner_id == membership.id)
    db.session.execute(
        delete(Outcome)
        .where(Outcome.plan_id.in_(theirs))
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(Outcome)
        .where(Outcome.recorded_by_id == membership.id)
        .values(recorded_by_id=None)
        .execution_options(synchronize_session=False)
    )


register_section(
    "outcomes",
    collect_outcomes,
    erase_outcomes,
    order=60,
    description="What happened after your blueprints: interviews, the hook, the offer.",
)
