"""The advisor's page of one student: the blueprint stage opens the blueprint it describes, and
each done item's note box stays closed until it is used."""

from __future__ import annotations

import re

from careercenter.extensions import db
from careercenter.plans import services
from careercenter.plans.models import Plan
from careercenter.tenancy.scoping import tenant_scope
from tests import factories
from tests.plans.helpers import make_plan, typical_content


def _page(client, tenant, student) -> str:
    url = f"/{tenant.slug}/cohorts/{tenant.cohort.id}/students/{student.id}"
    return client.get(url).get_data(as_text=True)


def _stage_link(page: str) -> str | None:
    found = re.search(r'<a class="stat-link" href="([^"]+)">', page)
    return found.group(1) if found else None


def test_the_stage_links_to_the_most_advanced_blueprint_staff_may_read(
    world, auth, client, arrange
):
    a = world.a
    make_plan(a)  # a draft never submitted: staff cannot open it, so no link
    auth.login_as(a.advisor)
    page = _page(client, a, a.student)
    assert ">Draft</span>" in page and _stage_link(page) is None
    submitted = make_plan(a, content=typical_content(), submit=True, employer="Contoso")
    approved = make_plan(a, content=typical_content(), submit=True, employer="Fabrikam")
    with tenant_scope(a.institution):
        services.approve(db.session.get(Plan, approved))
        db.session.commit()
    page = _page(client, a, a.student)
    assert _stage_link(page) == f"/{a.slug}/blueprints/{approved}"
    assert client.get(_stage_link(page)).status_code == 200  # the advisor may open it
    assert submitted != approved


def test_the_stage_link_costs_one_query_whatever_the_number_of_blueprints(
    world, auth, client, arrange, count_queries
):
    a = world.a
    auth.login_as(a.advisor)
    make_plan(a, content=typical_content(), submit=True)
    _page(client, a, a.student)  # warm up (audit of the view, caches)
    _page(client, a, a.student)  # (this process has now seen the view recorded)
    with count_queries() as one:
        _page(client, a, a.student)
    for n in range(3):
        make_plan(a, content=typical_content(), submit=True, employer=f"Employer {n}")
    _page(client, a, a.student)
    with count_queries() as four:
        _page(client, a, a.student)
    assert len(four) == len(one)


def test_done_items_keep_their_note_box_closed_until_used(world, auth, client, arrange):
    a = world.a
    version = factories.create_checklist(
        a.institution, [{"title": "Mock interview", "needs_verification": True}]
    )
    assignment = factories.assign_checklist(a.institution, a.cohort, version)
    item = factories.items_of(a.institution, version)[0]
    factories.set_progress(a.institution, assignment, item, a.student, status="done")
    auth.login_as(a.advisor)
    page = _page(client, a, a.student)
    details = re.search(r'<details class="review-note"( open)?>', page)
    assert details is not None and details.group(1) is None
    assert "Verify" in page and "Return with note" in page
    queue = client.get(f"/{a.slug}/checklists").get_data(as_text=True)
    assert '<details class="review-note">' in queue
