"""Record, correct and clear a blueprint's outcome steps (audited, version-checked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import g
from sqlalchemy import select

from .. import audit
from ..actions import Conflict, Refused, check_version
from ..auth.models import User
from ..extensions import db
from ..plans.models import Plan
from ..tenancy import clock
from ..tenancy.models import Membership, utcnow
from .models import Outcome, Step

STALE = "Someone recorded this step meanwhile. Nothing was changed: check it below and try again."


@dataclass(frozen=True)
class StepView:
    """One step of a blueprint as the panel shows it."""

    step: Step
    outcome: Outcome | None
    happened_on: date | None
    recorded_by: str | None

    @property
    def version(self) -> int:
        return self.outcome.version if self.outcome is not None else 0


def plan_outcomes(plan: Plan) -> list[StepView]:
    """Return every step of `plan` in order, recorded or not (one query)."""
    rows = db.session.execute(
        select(Outcome, User.name)
        .outerjoin(Membership, Membership.id == Outcome.recorded_by_id)
        .outerjoin(User, User.id == Membership.user_id)
        .where(Outcome.plan_id == plan.id)
    ).all()
    found = {outcome.step: (outcome, name) for outcome, name in rows}
    views = []
    for step in Step:
        outcome, name = found.get(step, (None, None))
        views.append(StepView(step, outcome, step_date(plan, outcome, step), name))
    return views


def step_date(plan: Plan, outcome: Outcome | None, step: Step) -> date | None:
    """Return when the step happened: the blueprint's interview date, or the row's own."""
    if outcome is None:
        return None
    column = step.plan_date_column
    return getattr(plan, column) if column else outcome.happened_on


def default_date(plan: Plan, step: Step) -> date | None:
    """Return the date the form suggests: the interview date the blueprint already holds."""
    column = step.plan_date_column
    return getattr(plan, column) if column else None


def _existing(plan: Plan, step: Step) -> Outcome | None:
    return db.session.execute(
        select(Outcome).where(Outcome.plan_id == plan.id, Outcome.step == step)
    ).scalar_one_or_none()


def check_date(happened_on: date, now: datetime | None = None) -> None:
    """Refuse a date in the future on campus (what happened has happened)."""
    today = clock.local_today(g.get("institution"), now)
    if happened_on > today:
        raise Refused(f"Nothing was changed: {happened_on:%d %b %Y} is in the future.")
    if happened_on.year < 2000:
        raise Refused("Nothing was changed: enter the date it happened, such as 2026-11-30.")


def record_step(
    plan: Plan,
    step: Step,
    recorder: Membership,
    happened_on: date,
    sponsor_agreed: bool | None,
    loaded_version: object,
) -> Outcome:
    """Record `step` on `plan` (or correct it): who, when it happened, and the hook's answer."""
    check_date(happened_on)
    if step is Step.HOOK_ASKED and sponsor_agreed is None:
        raise Refused("Nothing was changed: say whether the interviewer agreed to sponsor it.")
    outcome = _existing(plan, step)
    check_version(outcome.version if outcome is not None else 0, loaded_version, STALE)
    corrected = outcome is not None
    if outcome is None:
        outcome = Outcome(plan_id=plan.id, step=step)
        db.session.add(outcome)
    column = step.plan_date_column
    if column:
        if getattr(plan, column) != happened_on:
            setattr(plan, column, happened_on)  # the blueprint's version guards the header
        outcome.happened_on = None
    else:
        outcome.happened_on = happened_on
    outcome.sponsor_agreed = sponsor_agreed if step is Step.HOOK_ASKED else None
    outcome.recorded_by_id = recorder.id
    outcome.recorded_at = utcnow()
    audit.record(
        "outcome.corrected" if corrected else "outcome.recorded",
        plan,
        step=step.value,
        happened_on=happened_on.isoformat(),
        sponsor_agreed=outcome.sponsor_agreed,
    )
    db.session.flush()
    return outcome


def clear_step(plan: Plan, step: Step, loaded_version: object) -> None:
    """Clear a step recorded by mistake (an interview's date stays: it was planned)."""
    outcome = _existing(plan, step)
    if outcome is None:
        raise Conflict("This step was already cleared. Nothing was changed.")
    check_version(outcome.version, loaded_version, STALE)
    db.session.delete(outcome)
    audit.record("outcome.cleared", plan, step=step.value)
    db.session.flush()
