"""The outcomes panel and report, and the records pages: axe-core at desktop and at 390 px,
no sideways scrolling on a phone, and the panel works with the keyboard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from careercenter.extensions import db
from careercenter.outcomes.models import Outcome, Step
from careercenter.plans.models import Plan
from careercenter.plans.services import approve
from careercenter.tenancy.scoping import tenant_scope

from ..plans.helpers import make_plan, typical_content
from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _arrange(world) -> int:
    plan_id = make_plan(world.a, content=typical_content(), submit=True)
    with tenant_scope(world.a.institution):
        approve(db.session.get(Plan, plan_id))
        db.session.add(
            Outcome(
                plan_id=plan_id,
                step=Step.HOOK_ASKED,
                happened_on=date.today() - timedelta(days=3),
                sponsor_agreed=True,
                recorded_by_id=world.a.student.id,
            )
        )
        db.session.commit()
    return plan_id


def _pages(world, plan_id):
    a = world.a
    return {
        "student": [f"/blueprints/{plan_id}", "/records"],
        "advisor": [f"/blueprints/{plan_id}", "/outcomes", f"/outcomes/cohorts/{a.cohort.id}"],
        "admin": ["/outcomes", f"/records/members/{a.student.id}", f"/members/{a.student.id}"],
    }


@pytest.mark.parametrize("width", [1280, 390])
def test_new_pages_pass_axe(browser, live_server, world, arrange, width):
    plan_id = _arrange(world)
    for role, paths in _pages(world, plan_id).items():
        context = browser.new_context(
            base_url=live_server, viewport={"width": width, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        try:
            sign_in(page, world.a.member(role).user.email)
            for path in paths:
                response = page.goto(f"/{world.a.slug}{path}")
                assert response is not None and response.status < 400, path
                # Open every "Record it / Correct" so the forms inside are scanned too.
                for summary in page.locator("#outcomes details > summary").all():
                    summary.click()
                assert_accessible(page, f"{path} as {role} at {width}px")
                if width == 390:
                    extra = page.evaluate(
                        "document.documentElement.scrollWidth - window.innerWidth"
                    )
                    assert extra <= 0, f"{path} is {extra}px wider than a phone"
        finally:
            context.close()


def test_student_records_a_step_with_the_keyboard(page, world, arrange):
    plan_id = _arrange(world)
    sign_in(page, world.a.student.user.email)
    page.goto(f"/{world.a.slug}/blueprints/{plan_id}")
    panel = page.locator("#outcomes")
    summary = panel.locator("li", has_text="Offer received").locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    day = (date.today() - timedelta(days=1)).isoformat()
    panel.locator("#offer_received-happened_on").fill(day)
    with page.expect_navigation():
        panel.locator("#offer_received-happened_on").press("Enter")
    item = page.locator("#outcomes li", has_text="Offer received")
    assert "Yes" in item.inner_text()
    assert "Recorded by alpha student" in item.inner_text()
