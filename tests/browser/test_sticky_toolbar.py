"""A jump to a field of the blueprint editor lands below the sticky "Save draft" bar."""

from __future__ import annotations

import pytest

from ..plans.helpers import make_plan
from .conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390, 320])
def test_what_is_missing_links_land_below_the_save_bar(page, world, arrange, width):
    plan_id = make_plan(world.a)  # an empty draft: every section is missing
    page.set_viewport_size({"width": width, "height": 700})
    sign_in(page, world.a.student.user.email)
    page.goto(f"/{world.a.slug}/blueprints/{plan_id}")
    links = page.locator("#completeness a")
    assert links.count() >= 3
    bar = page.locator(".editor-toolbar")
    for index in range(links.count()):
        link = links.nth(index)
        anchor = link.get_attribute("href")
        link.click()
        page.wait_for_function(f"location.hash === {anchor!r}")
        page.wait_for_timeout(50)
        target = page.locator(anchor).bounding_box()
        bar_box = bar.bounding_box()
        assert target and bar_box
        assert target["y"] >= bar_box["y"] + bar_box["height"] - 1, (
            f"{anchor} at {width}px lands under the save bar ({target['y']} < "
            f"{bar_box['y'] + bar_box['height']})"
        )
