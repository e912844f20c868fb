"""Choosing the campus time zone by its label, and the due-today pills, pass axe-core."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from careercenter.extensions import db
from careercenter.tenancy import clock
from careercenter.tenancy.models import Institution

from .. import factories
from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_admin_picks_a_zone_and_students_see_due_today(page, world, arrange):
    sign_in(page, world.a.admin.user.email)
    page.goto(f"/{world.a.slug}/settings")
    page.get_by_label("Time zone").select_option("America/Chicago")
    with page.expect_navigation():
        page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved")).to_be_visible()
    expect(page.get_by_label("Time zone")).to_have_value("America/Chicago")
    assert_accessible(page, "settings with a time zone")

    db.session.expire_all()
    institution = db.session.get(Institution, world.a.institution.id)
    today = clock.local_today(institution)
    items = [{"title": "Research the employer"}, {"title": "Thank-you note"}]
    for due_on in (today, today - timedelta(days=1)):
        version = factories.create_checklist(institution, items=items)
        factories.assign_checklist(institution, world.a.cohort, version, due_on=due_on)
    page.context.clear_cookies()
    sign_in(page, world.a.student.user.email)
    page.goto(f"/{world.a.slug}/checklists")
    expect(page.get_by_text("Due today", exact=True).first).to_be_visible()
    expect(page.get_by_text("2 overdue")).to_be_visible()
    assert_accessible(page, "checklists due today and overdue")
    page.goto(f"/{world.a.slug}/")
    assert_accessible(page, "student home with due-today items")
