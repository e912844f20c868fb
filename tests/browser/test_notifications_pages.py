"""The notification list and choices, with notifications in them: axe-core at desktop width
and at 390 px, no sideways scrolling, and opening one by keyboard marks it read."""

from __future__ import annotations

import pytest

from careercenter import events
from careercenter.extensions import db
from careercenter.tenancy.scoping import tenant_scope

from ..notifications.conftest import page_of
from ..plans.helpers import make_plan, typical_content
from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _notify(world) -> int:
    plan_id = make_plan(world.a, content=typical_content(), submit=True)
    with tenant_scope(world.a.institution):
        for decision in ("changes_requested", "approved"):
            events.review_published.send(
                None,
                plan_id=plan_id,
                review_id=1,
                decision=decision,
                by_user_id=world.a.advisor.user_id,
            )
        events.review_overdue.send(None, plan_id=plan_id, revision_id=1)
        db.session.commit()
    return plan_id


@pytest.mark.parametrize("width", [1280, 390])
def test_notification_pages_pass_axe(width, browser, live_server, world, app, tmp_path):
    app.config["MAIL_OUTBOX"] = str(tmp_path)
    _notify(world)
    context = browser.new_context(base_url=live_server, viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        for role in ("student", "advisor"):
            context.clear_cookies()
            sign_in(page, world.a.member(role).user.email)
            for path in ("/notifications", "/notifications/settings"):
                page.goto(f"/{world.a.slug}{path}")
                assert_accessible(page, f"{path} as {role} at {width}px")
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"{path} is {overflow}px too wide at {width}px"
    finally:
        context.close()


def test_opening_a_notification_by_keyboard(page, world, app, tmp_path):
    app.config["MAIL_OUTBOX"] = str(tmp_path)
    plan_id = _notify(world)
    sign_in(page, world.a.student.user.email)
    page.goto(f"/{world.a.slug}/")
    header = page.get_by_role("link", name="2 unread notifications")
    header.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{world.a.slug}/notifications")
    opener = page.get_by_role("button", name="Unread: alpha advisor approved your blueprint")
    opener.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{page_of(world.a, plan_id)}")
    assert page.get_by_role("link", name="1 unread notification").count() == 1
