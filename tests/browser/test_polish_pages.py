"""Audit log layout at 1280px, and axe-core on the pages changed by the polish round."""

from __future__ import annotations

import os

import pytest

from careercenter.audit import record
from careercenter.extensions import db
from careercenter.tenancy.scoping import tenant_scope

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _long_audit_events(world):
    with tenant_scope(world.a.institution):
        for _ in range(3):
            record(
                "readiness.student_viewed",
                world.a.student,
                cohort_id=world.a.cohort.id,
                note="a fairly long detail value that goes on " * 3,
                link="https://portfolio.example/" + "averyveryverylongpathsegment" * 6,
            )
        record("cohort.archived", world.a.cohort)
        db.session.commit()


def test_audit_log_fits_and_reads_well_at_1280(page, world, arrange):
    _long_audit_events(world)
    sign_in(page, world.a.admin.user.email)
    page.goto(f"/{world.a.slug}/audit")
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=os.environ["SCREENSHOTS"] + "/audit.png", full_page=True)
    person = page.get_by_label("Person (name or email)")
    help_text = page.locator("#person-help")
    box, help_box = person.bounding_box(), help_text.bounding_box()
    assert help_box["y"] >= box["y"] + box["height"] - 1, "help text overlaps the input"
    wrap = page.locator(".table-wrap").first.bounding_box()
    ip_header = page.get_by_role("columnheader", name="IP address").bounding_box()
    assert ip_header["x"] + ip_header["width"] <= wrap["x"] + wrap["width"] + 1
    assert page.get_by_role("cell", name="Viewed a student's readiness").first.is_visible()
    assert page.get_by_role("cell", name=world.a.cohort.name).first.is_visible()
    assert_accessible(page, "audit log")


def test_changed_checklist_and_readiness_pages_are_accessible(page, world, arrange):
    from careercenter.practices.models import PracticeHidden

    from .. import factories

    a = world.a
    practice = factories.create_practice(None, guidance="Ask the **hiring manager** first.")
    items = [
        {"title": practice.title, "practice_id": practice.id},
        {"title": "Share your portfolio", "evidence": "link", "needs_verification": True},
    ]
    version = factories.create_checklist(a.institution, items)
    assignment = factories.assign_checklist(a.institution, a.cohort, version)
    _guided, shared = factories.items_of(a.institution, version)
    factories.set_progress(
        a.institution, assignment, shared, a.student, evidence_link="https://portfolio.example/me"
    )
    with tenant_scope(a.institution):
        db.session.add(PracticeHidden(practice_id=practice.id))
        db.session.commit()

    sign_in(page, a.student.user.email)
    page.goto(f"/{a.slug}/checklists")
    page.get_by_text("Guidance for").first.click()
    assert page.get_by_text("hiring manager").is_visible()
    assert_accessible(page, "my checklists with inline guidance")
    page.goto(f"/{a.slug}/cohorts/join")
    assert_accessible(page, "join a cohort")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, a.advisor.user.email)
    page.goto(f"/{a.slug}/checklists")
    assert page.get_by_role("link", name="https://portfolio.example/me").is_visible()
    assert_accessible(page, "advisor queue")
    with page.expect_navigation():
        page.get_by_role("button", name="Verify Share your portfolio").click()
    assert page.get_by_text("Item verified.").is_visible()
    page.goto(f"/{a.slug}/cohorts/{a.cohort.id}")
    assert_accessible(page, "cohort dashboard")
    page.goto(f"/{a.slug}/cohorts/{a.cohort.id}/students/{a.student.id}")
    assert_accessible(page, "student detail")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, a.admin.user.email)
    for name, path in {
        "checklist template": f"/{a.slug}/checklists/{version.template_id}",
        "remove assignment": f"/{a.slug}/checklists/assignments/{assignment.id}/remove",
        "readiness settings": f"/{a.slug}/settings/readiness",
        "cohort people": f"/{a.slug}/cohorts/{a.cohort.id}/people",
        "members": f"/{a.slug}/members",
    }.items():
        page.goto(path)
        assert page.get_by_role("heading", level=1).is_visible(), name
        assert_accessible(page, name)
    page.goto(f"/{a.slug}/checklists/assignments/{assignment.id}/remove")
    with page.expect_navigation():
        page.get_by_role("button", name="Remove the checklist").click()
    assert page.get_by_text("is no longer assigned").is_visible()
