"""The method in its order: the hook comes first, a blueprint joins the student's cohort by
default, and the student's next steps follow where they stand."""

from __future__ import annotations

import re

from careercenter.cohorts.models import CohortStatus
from careercenter.extensions import db
from careercenter.plans import services
from careercenter.tenancy.scoping import tenant_scope

from .. import factories
from .helpers import make_plan


def test_the_editor_asks_for_the_hook_before_the_research(world, auth, client, arrange):
    plan_id = make_plan(world.a)
    auth.login_as(world.a.student)
    page = client.get(f"/{world.a.slug}/blueprints/{plan_id}").get_data(as_text=True)
    headings = re.findall(r'<h2 id="[a-z-]+-heading">([^<]+)</h2>', page)
    assert headings[1:3] == ["1. Before your first interview: set the hook", "2. Research the job"]
    assert "8. What the leave-behind shows" in headings
    assert page.index('id="hook"') < page.index('id="research"')


def test_a_new_blueprint_is_linked_to_the_cohort_joined_last(world, auth, client, arrange):
    auth.login_as(world.a.student)
    page = client.get(f"/{world.a.slug}/blueprints/new").get_data(as_text=True)
    assert re.search(rf'<option selected value="{world.a.cohort.id}">', page)
    later = factories.create_cohort(world.a.institution, students=[world.a.student])
    archived = factories.create_cohort(
        world.a.institution, students=[world.a.student], status=CohortStatus.ARCHIVED
    )
    with tenant_scope(world.a.institution):
        assert services.latest_cohort_id(world.a.student) == later.id
    page = client.get(f"/{world.a.slug}/blueprints/new").get_data(as_text=True)
    assert re.search(rf'<option selected value="{later.id}">', page)
    assert not re.search(rf'<option selected value="{archived.id}">', page)


def test_without_a_cohort_the_new_blueprint_is_not_linked(world, auth, client, arrange):
    loner = factories.create_member(world.a.institution, "student")
    auth.login_as(loner)
    page = client.get(f"/{world.a.slug}/blueprints/new").get_data(as_text=True)
    assert '<option selected value="0">Not linked to a cohort</option>' in page


def _next_steps(client, world) -> str:
    page = client.get(f"/{world.a.slug}/").get_data(as_text=True)
    return page.split('id="next"', 1)[1].split("</section>", 1)[0] if 'id="next"' in page else ""


def test_next_steps_follow_the_students_state(world, auth, client, arrange):
    loner = factories.create_member(world.a.institution, "student")
    auth.login_as(loner)
    steps = _next_steps(client, world)
    assert "Write your 90-Day Blueprint" in steps and "Join a cohort" in steps

    auth.logout()
    auth.login_as(world.a.student)  # in a cohort, no blueprint yet
    steps = _next_steps(client, world)
    assert "Write your 90-Day Blueprint" in steps and "Join a cohort" not in steps

    plan_id = make_plan(world.a)
    steps = _next_steps(client, world)
    assert "Write your 90-Day Blueprint" not in steps and "Join a cohort" not in steps
    assert "Finish your 90-Day Blueprint and submit it" in steps

    with tenant_scope(world.a.institution):
        plan = db.session.get(services.Plan, plan_id)
        services.submit_plan(plan)
        services.request_changes(plan)
        db.session.commit()
    steps = _next_steps(client, world)
    assert "Make the changes your advisor asked for" in steps
    assert "Finish your 90-Day Blueprint" not in steps


def test_student_tiles_link_to_what_they_summarise(world, auth, client, arrange):
    version = factories.create_checklist(world.a.institution)
    factories.assign_checklist(world.a.institution, world.a.cohort, version)
    auth.login_as(world.a.student)
    page = client.get(f"/{world.a.slug}/").get_data(as_text=True)
    tiles = re.findall(r'<a class="stat-link" href="([^"]+)">', page)
    assert f"/{world.a.slug}/blueprints" in tiles and f"/{world.a.slug}/checklists" in tiles
