"""At 390 px wide (a phone), pages reflow: nothing but a wide table scrolls sideways."""

from __future__ import annotations

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser

PAGES = {
    "admin": [
        "/",
        "/members",
        "/members/invite",
        "/cohorts",
        "/checklists",
        "/practices",
        "/settings",
        "/audit",
        "/reports",
        "/settings/reports",
    ],
    "advisor": ["/", "/cohorts", "/checklists", "/blueprints", "/reports"],
    "student": ["/", "/checklists", "/blueprints", "/blueprints/new", "/practices"],
}


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("role", sorted(PAGES))
def test_pages_reflow_at_phone_width(role, browser, live_server, world):
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        sign_in(page, world.a.member(role).user.email)
        wide = {}
        for path in PAGES[role]:
            page.goto(f"/{world.a.slug}{path}")
            if (extra := _overflow(page)) > 0:
                wide[path] = extra
        assert not wide, f"pages wider than the screen (px too wide): {wide}"
        # The whole navigation stays reachable on screen.
        for link in page.get_by_role("navigation", name="Main").get_by_role("link").all():
            box = link.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, link.inner_text()
    finally:
        context.close()
