"""Cross-tenant cases for cohorts, practices, checklists and readiness routes."""

from __future__ import annotations

from careercenter.cohorts.models import CohortAdvisor, CohortStudent
from careercenter.extensions import db
from careercenter.tenancy.scoping import tenant_scope
from tests import factories

from . import case


def _cohort(world):
    return {"cohort_id": world.b.cohort.id}


for endpoint in (
    "cohorts.edit",
    "cohorts.archive",
    "cohorts.people",
    "cohorts.add_advisor",
    "cohorts.add_student",
    "cohorts.import_students",
    "cohorts.join_code",
    "readiness.dashboard",
):
    case(endpoint)(_cohort)


def _link(model, world):
    from sqlalchemy import select

    with tenant_scope(world.b.institution):
        return db.session.execute(
            select(model.id).where(model.cohort_id == world.b.cohort.id)
        ).scalar_one()


@case("cohorts.remove_advisor")
def _remove_advisor(world):
    return {"cohort_id": world.b.cohort.id, "link_id": _link(CohortAdvisor, world)}


@case("cohorts.remove_student")
def _remove_student(world):
    return {"cohort_id": world.b.cohort.id, "link_id": _link(CohortStudent, world)}


@case("readiness.student", role="advisor")
def _student(world):
    return {"cohort_id": world.b.cohort.id, "membership_id": world.b.student.id}


def _own_practice(world):
    return {"practice_id": factories.create_practice(world.b.institution).id}


for endpoint in ("practices.show", "practices.edit", "practices.retire", "practices.hide"):
    case(endpoint)(_own_practice)


def _draft(world):
    return factories.create_checklist(world.b.institution, publish=False)


@case("checklists.template")
def _template(world):
    return {"template_id": _draft(world).template_id}


@case("checklists.start_draft")
def _start_draft(world):
    return {"template_id": factories.create_checklist(world.b.institution).template_id}


for endpoint in (
    "checklists.version",
    "checklists.details",
    "checklists.add_item",
    "checklists.publish",
):
    case(endpoint)(lambda world: {"version_id": _draft(world).id})


@case("checklists.assign")
def _assign(world):
    return {"version_id": factories.create_checklist(world.b.institution).id}


for endpoint in ("checklists.move_item", "checklists.remove_item"):
    case(endpoint)(
        lambda world: {"item_id": factories.items_of(world.b.institution, _draft(world))[0].id}
    )


def _assignment(world):
    version = factories.create_checklist(world.b.institution)
    assignment = factories.assign_checklist(world.b.institution, world.b.cohort, version)
    return assignment, factories.items_of(world.b.institution, version)[0]


@case("checklists.change_due")
@case("checklists.replace_assignment")
@case("checklists.remove_assignment")
def _change_due(world):
    return {"assignment_id": _assignment(world)[0].id}


for endpoint in ("checklists.mark_done", "checklists.undo"):
    case(endpoint, role="student")(
        lambda world: dict(
            zip(("assignment_id", "item_id"), (o.id for o in _assignment(world)), strict=True)
        )
    )


@case("checklists.review", role="advisor")
def _review(world):
    assignment, item = _assignment(world)
    progress = factories.set_progress(world.b.institution, assignment, item, world.b.student)
    return {"progress_id": progress.id}
