"""The shared demo advisor switches campus from the header, on a laptop and on a phone."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from careercenter.demo import SHARED_ADVISOR

from .conftest import assert_accessible, sign_in
from .pages import DEMO_PASSWORD, seed_pages_data

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 320])
def test_shared_advisor_switches_institution_from_the_header(page, arrange, width):
    seed_pages_data()
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, SHARED_ADVISOR[0], DEMO_PASSWORD)
    page.get_by_role("link", name=re.compile("Northfield University")).click()
    page.wait_for_url(re.compile(r"/northfield/$"))
    header = page.get_by_role("navigation", name="Main")
    header.get_by_text("Switch institution").click()
    other = header.get_by_role("link", name=re.compile("Lakeside College"))
    expect(other).to_be_visible()
    box = other.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['SCREENSHOTS']}/switch-{width}.png")
    assert_accessible(page, f"header switch open at {width}px")
    other.click()
    page.wait_for_url(re.compile(r"/lakeside/$"))
    expect(page.get_by_role("link", name="Lakeside College", exact=True)).to_be_visible()
    header.get_by_text("Switch institution").click()
    expect(header.get_by_role("link", name=re.compile("Northfield University"))).to_be_visible()
