"""Outcome steps and removals posted several times at once never end in a 5xx: the change
happens once and the others are told (the race harness of tests/test_races.py)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from careercenter.outcomes.models import Outcome
from careercenter.plans.models import Plan
from careercenter.tenancy.models import Membership, Role
from careercenter.tenancy.scoping import tenant_scope

from .. import factories
from ..plans.helpers import make_plan, typical_content
from ..test_races import PARALLEL, _audited, _count, _get, fire


def test_the_same_step_recorded_at_once(world, app, arrange):
    plan_id = make_plan(world.a, content=typical_content())
    day = (date.today() - timedelta(days=1)).isoformat()
    data = {"first_interview-happened_on": day, "first_interview-version": "0"}
    url = f"/{world.a.slug}/outcomes/blueprints/{plan_id}/first_interview"
    answers = fire(app, [(world.a.student, url, data)] * PARALLEL)
    assert all(status < 500 for status, _ in answers), [status for status, _ in answers]
    with tenant_scope(world.a.institution):
        assert _count(select(Outcome.id).where(Outcome.plan_id == plan_id)) == 1
        assert _audited("outcome.recorded") == 1
        assert _get(Plan, plan_id).first_interview_on.isoformat() == day


def test_the_same_removal_at_once(world, app, arrange):
    student = factories.create_member(world.a.institution, Role.STUDENT, name="Ada Lovelace")
    make_plan(world.a, student=student, content=typical_content())
    data = {"confirm_name": "Ada Lovelace", "version": str(student.version)}
    url = f"/{world.a.slug}/records/members/{student.id}/remove"
    answers = fire(app, [(world.a.admin, url, data)] * PARALLEL)
    assert all(status < 500 for status, _ in answers), [status for status, _ in answers]
    with tenant_scope(world.a.institution):
        assert _get(Membership, student.id) is None
        assert _audited("records.student_removed") == 1
