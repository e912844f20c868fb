"""Demo outcomes: each demo student's blueprint got somewhere different, so every step and
every conversion of the report shows something (and some students are still waiting)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ..demo import DemoInstitution, seed_step
from ..extensions import db
from ..plans.models import Plan
from ..tenancy import clock
from .models import Outcome, Step

# Per demo student, in order: how many steps their blueprint reached, and whether the
# interviewer agreed to sponsor the research when asked (None: not asked yet).
DEPTHS = {
    "northfield": [(3, True), (1, None), (2, False), (6, True), (4, True), (0, None), (1, None)],
    "lakeside": [(2, True), (1, None), (0, None), (6, True), (3, False)],
}
STEPS = list(Step)
DAYS_AGO = {step: 60 - 10 * index for index, step in enumerate(STEPS)}  # a step every 10 days


@seed_step(order=70)
def seed_outcomes(demo: DemoInstitution) -> None:
    """Record the steps each demo student's first blueprint reached (the student or advisor)."""
    today = clock.local_today(demo.institution)
    scripts = DEPTHS.get(demo.institution.slug, [])
    owners = [student.id for student in demo.students]
    plans = db.session.execute(
        select(Plan).where(Plan.owner_id.in_(owners)).order_by(Plan.id)
    ).scalars()
    first_plan: dict[int, Plan] = {}
    for plan in plans:
        first_plan.setdefault(plan.owner_id, plan)
    recorded = {
        (row.plan_id, row.step) for row in db.session.execute(select(Outcome.plan_id, Outcome.step))
    }
    for index, (student, (depth, agreed)) in enumerate(zip(demo.students, scripts, strict=False)):
        found = first_plan.get(student.id)
        if found is None:
            continue
        plan = found
        for step in STEPS[:depth]:
            if (plan.id, step) in recorded:
                continue
            happened = today - timedelta(days=DAYS_AGO[step])
            recorder = demo.advisor if index % 2 else student
            outcome = Outcome(plan_id=plan.id, step=step, recorded_by_id=recorder.id)
            if step.plan_date_column:
                setattr(plan, step.plan_date_column, happened)
            else:
                outcome.happened_on = happened
            if step is Step.HOOK_ASKED:
                outcome.sponsor_agreed = bool(agreed)
            db.session.add(outcome)
    db.session.flush()
