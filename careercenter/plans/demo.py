"""Demo blueprints in every state, made through the state machine so the data is consistent."""

from __future__ import annotations

from sqlalchemy import select

from ..audit import acting_as
from ..demo import DemoInstitution, seed_step
from ..extensions import db
from ..tenancy.models import Membership
from . import services
from .content import PlanDocument
from .demo_content import COOP_SOFTWARE, HEALTH_ANALYST, MARKETING
from .hook import hook_script
from .models import Plan

# (sample, the steps after creation) for the demo students, in order. The students who finish
# every checklist item in the checklists seed (the fourth in each institution) get an approved
# blueprint, so the demo shows Interview-ready next to every other level.
SCRIPTS = {
    "northfield": [
        (HEALTH_ANALYST, ["submit", "request_changes", "submit"]),
        (HEALTH_ANALYST, ["submit"]),
        (COOP_SOFTWARE, ["submit", "request_changes"]),
        (HEALTH_ANALYST, ["submit", "request_changes", "submit", "approve"]),
        (COOP_SOFTWARE, ["submit", "start_review"]),
        (MARKETING, []),
        (HEALTH_ANALYST, ["submit", "withdraw"]),
    ],
    "lakeside": [
        (COOP_SOFTWARE, ["submit", "request_changes", "submit"]),
        (HEALTH_ANALYST, ["submit", "request_changes"]),
        (MARKETING, []),
        (COOP_SOFTWARE, ["submit", "approve"]),
        (HEALTH_ANALYST, ["submit", "start_review"]),
    ],
}


def _has_plan(student: Membership, employer: str) -> bool:
    return (
        db.session.execute(
            select(Plan.id).where(Plan.owner_id == student.id, Plan.employer == employer)
        ).first()
        is not None
    )


def _create(student: Membership, sample: dict, cohort_id: int | None) -> Plan:
    header = {**sample["header"], "cohort_id": cohort_id}
    plan = services.create_plan(student, header)
    content = PlanDocument.from_json(sample["content"])
    if content.leave_behind is None:
        content.leave_behind = plan.content.leave_behind  # as started: the account's email
    elif not content.leave_behind.email:
        content.leave_behind.email = student.user.email
    content.hook.script = hook_script(plan.employer, content.hook.functions)
    return services.save_plan(plan, plan.version, {}, content)


@seed_step(order=50)
def seed_blueprints(demo: DemoInstitution) -> None:
    """Give the demo students blueprints in every state, with revision histories."""
    cohorts = {c.id for c in demo.cohorts}
    for student, (sample, steps) in zip(
        demo.students, SCRIPTS[demo.institution.slug], strict=False
    ):
        if _has_plan(student, sample["header"]["employer"]):
            continue
        enrolled = [c for c in services.student_cohorts(student) if c.id in cohorts]
        with acting_as(student.user):  # the log says who did what, as in real use
            plan = _create(student, sample, enrolled[0].id if enrolled else None)
        for step in steps:
            by_student = step in ("submit", "withdraw")
            with acting_as(student.user if by_student else demo.advisor.user):
                if step == "submit":
                    services.submit_plan(plan)
                elif step in ("request_changes", "approve"):
                    getattr(services, step)(plan, reviewer=demo.advisor)
                else:
                    getattr(services, f"{step}_plan" if step == "withdraw" else step)(plan)
        db.session.flush()
