"""The blueprint document column: typed in the app, the same JSON in the database as before."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, select, type_coerce, update

from careercenter.extensions import db
from careercenter.plans.content import InsiderRole, PlanDocument
from careercenter.plans.models import Plan, PlanRevision
from careercenter.tenancy.scoping import tenant_scope

from .helpers import load_plan, make_plan, typical_content

STORED_KEYS = {
    "research", "insiders", "knowledge_plan", "goals", "obstacles", "impact", "hook",
    "leave_behind",
}  # fmt: skip


def _stored(world, model, plan_id: int, column: str = "content") -> dict:
    """Return the JSON stored in a column of `model` for the plan, as the database has it."""
    key = Plan.id if model is Plan else PlanRevision.plan_id
    stmt = select(type_coerce(getattr(model, column), JSON)).where(key == plan_id)
    with tenant_scope(world.a.institution):
        return db.session.scalar(stmt)


def test_the_column_reads_and_writes_the_typed_document_as_the_same_json(world, arrange):
    content = typical_content()
    plan_id = make_plan(world.a, content=content, submit=True)
    plan = load_plan(world.a, plan_id)
    assert isinstance(plan.content, PlanDocument) and plan.content == content
    assert plan.content.insiders[0].date == date(2026, 10, 1)
    assert plan.content.insiders[0].who is InsiderRole.CURRENT_INCUMBENT
    for model in (Plan, PlanRevision):
        stored = _stored(world, model, plan_id)
        assert set(stored) == STORED_KEYS
        assert stored["insiders"][0]["who"] == "current_incumbent"
        assert stored["insiders"][0]["date"] == "2026-10-01"
        assert stored["goals"][0]["days_30"] == content.goals[0].days_30
        assert stored["hook"] == {
            "functions": content.hook.functions,
            "script": content.hook.script,
        }


def test_a_stored_document_past_the_caps_or_with_no_break_spaces_still_opens(world, arrange):
    plan_id = make_plan(world.a, content=typical_content())
    raw = typical_content().to_json()
    raw["impact"] = "Waits\u00a0fall. " * 200  # 2,400 characters: past today's cap of 1,500
    raw["insiders"][0]["date"] = ""
    with tenant_scope(world.a.institution):
        column = type_coerce(Plan.content, JSON)
        db.session.execute(update(Plan).where(Plan.id == plan_id).values({column: raw}))
        db.session.commit()
    read = load_plan(world.a, plan_id).content
    assert len(read.impact) > 1500 and "\u00a0" not in read.impact
    assert read.insiders[0].date is None
