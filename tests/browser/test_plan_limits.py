"""The editor catches up on a postponed page count; the blueprint cap explains itself."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from careercenter.plans import services

from ..plans.helpers import load_plan, make_plan, typical_content
from .conftest import assert_accessible, sign_in
from .test_plans import type_into

pytestmark = pytest.mark.browser

PENDING = "Counted before your latest changes"


def test_a_count_a_save_postponed_is_made_when_due(page, world, arrange, monkeypatch):
    monkeypatch.setattr(services, "RECOUNT_INTERVAL", timedelta(hours=1))
    plan_id = make_plan(world.a, content=typical_content())  # counted just now
    sign_in(page, world.a.student.user.email)
    page.goto(f"/{world.a.slug}/blueprints/{plan_id}")
    type_into(page, "How will success in your first 90 days help the department?", " Today.")
    page.locator("#save").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.locator("#page-count")).to_contain_text(PENDING)
    assert services.page_count_pending(load_plan(world.a, plan_id))

    # Once the count is due, the editor's script saves again; nobody has to press anything.
    monkeypatch.setattr(services, "RECOUNT_INTERVAL", timedelta(0))
    page.reload()
    expect(page.locator("#page-count")).not_to_contain_text(PENDING, timeout=10_000)
    expect(page.locator("#page-count")).to_contain_text("Fits on one page")
    assert not services.page_count_pending(load_plan(world.a, plan_id))


def test_past_the_cap_the_new_blueprint_page_says_how_to_go_on(
    page, world, app, arrange, monkeypatch
):
    for flask_app in (app, arrange):
        monkeypatch.setitem(flask_app.config, "MAX_BLUEPRINTS_PER_STUDENT", 1)
    make_plan(world.a)
    sign_in(page, world.a.student.user.email)
    page.goto(f"/{world.a.slug}/blueprints")
    page.get_by_role("button", name="Start a new blueprint").click()
    expect(page.get_by_role("alert")).to_contain_text("the most one student can keep")
    expect(page.get_by_label("Employer")).to_have_count(0)
    assert_accessible(page, "new blueprint past the cap")
