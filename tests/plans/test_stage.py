"""The blueprint-stage source readiness joins on: one row per student, their best stage."""

from __future__ import annotations

from careercenter.extensions import db
from careercenter.plans import services
from careercenter.plans.stage import blueprint_stages
from careercenter.stages import BlueprintStage, blueprint_stage_source
from careercenter.tenancy.scoping import tenant_scope

from .. import factories
from .helpers import load_plan, make_plan, typical_content


def _rows(tenant):
    with tenant_scope(tenant.institution):
        rows = db.session.execute(blueprint_stage_source()()).all()
    return {row.membership_id: row for row in rows}


def test_importing_the_package_registers_the_source():
    assert blueprint_stage_source() is blueprint_stages


def test_best_stage_per_student(world, arrange):
    content = typical_content()
    a, b, c = (factories.create_member(world.a.institution, "student") for _ in range(3))
    make_plan(world.a, a)  # draft only
    make_plan(world.a, b, content=content)
    make_plan(world.a, b, content=content, submit=True)  # draft + submitted
    approved = make_plan(world.a, c, content=content, submit=True)
    changes = make_plan(world.a, c, content=content, submit=True)
    with tenant_scope(world.a.institution):
        services.approve(load_plan(world.a, approved))
        services.request_changes(load_plan(world.a, changes))
        db.session.commit()
    make_plan(world.b, content=content, submit=True)  # another institution: not counted
    rows = _rows(world.a)
    assert set(rows) == {a.id, b.id, c.id}
    assert rows[a.id].stage == BlueprintStage.DRAFT
    assert rows[b.id].stage == BlueprintStage.SUBMITTED
    assert rows[c.id].stage == BlueprintStage.APPROVED  # approved beats changes requested
    assert rows[c.id].changes_requested_at is not None
    assert rows[a.id].changes_requested_at is None
    assert rows[a.id].updated_at is not None


def test_changes_requested_and_in_review(world, arrange):
    plan_id = make_plan(world.a, content=typical_content(), submit=True)
    with tenant_scope(world.a.institution):
        services.start_review(load_plan(world.a, plan_id))
        db.session.commit()
    assert _rows(world.a)[world.a.student.id].stage == BlueprintStage.SUBMITTED
    with tenant_scope(world.a.institution):
        services.request_changes(load_plan(world.a, plan_id))
        db.session.commit()
    row = _rows(world.a)[world.a.student.id]
    assert row.stage == BlueprintStage.CHANGES_REQUESTED
    assert row.changes_requested_at is not None
