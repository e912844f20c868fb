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
