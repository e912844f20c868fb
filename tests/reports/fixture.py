"""A small institution whose report is computed by hand in the tests (see `test_report.py`).

Cohort A (Fall 2026, the world's advisor): the world's student and s1–s4; checklist X (i1
required Communication, i2 required Teamwork needing verification, i3 optional Communication),
due in the future. Cohort B (Spring 2027, advisor 2): s1, s5, s6; checklist Y (j1 required
Communication), due in the past. s1 approved a blueprint (two decided revisions), s2 submitted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from careercenter.extensions import db
from careercenter.plans.models import Plan, PlanRevision, PlanState, RevisionHeader, RevisionState
from careercenter.tenancy.models import Membership
from careercenter.tenancy.scoping import tenant_scope
from tests import factories

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)  # a Monday


@dataclass
class Fixture:
    tenant: factories.Tenant
    advisor2: Membership
    students: dict[str, Membership]
    cohort_a: object
    cohort_b: object


def _plan(tenant, owner, state, revisions):
    with tenant_scope(tenant.institution):
        plan = Plan(owner_id=owner.id, employer="Acme", role_title="Analyst", state=state)
        db.session.add(plan)
        db.session.flush()
        for number, (submitted, decided, rstate) in enumerate(revisions, start=1):
            db.session.add(
                PlanRevision(
                    plan_id=plan.id,
                    number=number,
                    header=RevisionHeader(owner.user.name, owner.user.email, "Acme", "Analyst"),
                    state=rstate,
                    submitted_at=submitted,
                    decided_at=decided,
                )
            )
        db.session.commit()


def build(world) -> Fixture:
    t = world.a
    inst = t.institution
    names = {"s1": "Ada Łucja", "s2": "Bo", "s3": "Cy", "s4": "Dee", "s5": "Eve", "s6": "Fay"}
    students = {
        key: factories.create_member(inst, "student", name=name, email=f"{key}@alpha.example")
        for key, name in names.items()
    }
    s = students
    advisor2 = factories.create_member(inst, "advisor", name="Second Advisor")
    cohort_a = t.cohort
    cohort_b = factories.create_cohort(
        inst,
        "Spring cohort",
        advisors=[advisor2],
        students=[s["s1"], s["s5"], s["s6"]],
        term="Spring 2027",
    )
    with tenant_scope(inst):
        from careercenter.cohorts.models import CohortStudent

        for key in ("s1", "s2", "s3", "s4"):
            db.session.add(CohortStudent(cohort_id=cohort_a.id, membership_id=s[key].id))
        db.session.commit()
    x = factories.create_checklist(
        inst,
        [
            {"title": "i1", "competency": "Communication"},
            {"title": "i2", "competency": "Teamwork", "needs_verification": True},
            {"title": "i3", "competency": "Communication", "required": False},
        ],
        title="Checklist X",
    )
    y = factories.create_checklist(
        inst, [{"title": "j1", "competency": "Communication"}], title="Checklist Y"
    )
    ax = factories.assign_checklist(inst, cohort_a, x, due_on=date(2026, 12, 31))
    ay = factories.assign_checklist(inst, cohort_b, y, due_on=date(2026, 11, 1))
    i1, i2, i3 = factories.items_of(inst, x)
    (j1,) = factories.items_of(inst, y)
    factories.set_progress(inst, ax, i1, s["s1"])
    factories.set_progress(inst, ax, i2, s["s1"], status="verified")
    factories.set_progress(inst, ay, j1, s["s1"])
    factories.set_progress(inst, ax, i1, s["s2"])
    factories.set_progress(inst, ax, i2, s["s2"])
    factories.set_progress(inst, ax, i3, s["s3"])
    factories.set_progress(inst, ay, j1, s["s5"])
    _plan(
        t,
        s["s1"],
        PlanState.APPROVED,
        [
            (
                datetime(2026, 11, 20, 17, tzinfo=UTC),
                datetime(2026, 11, 23, 9, tzinfo=UTC),
                RevisionState.CHANGES_REQUESTED,
            ),
            (
                datetime(2026, 11, 24, 9, tzinfo=UTC),
                datetime(2026, 11, 26, 15, tzinfo=UTC),
                RevisionState.APPROVED,
            ),
        ],
    )
    _plan(
        t,
        s["s2"],
        PlanState.SUBMITTED,
        [(datetime(2026, 11, 25, 10, tzinfo=UTC), None, RevisionState.SUBMITTED)],
    )
    return Fixture(t, advisor2, students, cohort_a, cohort_b)
