"""Every page each role reaches fits a phone (390 and 320 px) and has unique ids.

WCAG 1.4.10 (reflow): the page is never wider than the screen (a wide table scrolls inside its
own container), no table cell or stat tile is narrower than a word it holds (one letter per
line), and no two elements share an id (a label would focus another form's field).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from careercenter.tenancy.models import Role

from .conftest import sign_in
from .pages import DEMO_PASSWORD, every_page, seed_pages_data

pytestmark = pytest.mark.browser

MEASURE = (Path(__file__).parent / "measure.js").read_text()
WIDTHS = (390, 320)


@pytest.fixture
def demo_ids(arrange):
    return seed_pages_data()


@pytest.mark.parametrize("role", list(Role))
def test_every_page_fits_phones_and_has_unique_ids(app, browser, live_server, demo_ids, role):
    visits = [v for v in every_page(app, demo_ids) if v.role == role]
    assert visits
    context = browser.new_context(
        base_url=live_server, viewport={"width": WIDTHS[0], "height": 800}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    try:
        sign_in(page, visits[0].email, DEMO_PASSWORD)
        # The whole navigation stays on screen at the narrowest width.
        page.set_viewport_size({"width": WIDTHS[-1], "height": 800})
        for link in page.get_by_role("navigation", name="Main").get_by_role("link").all():
            box = link.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[-1], (
                link.inner_text()
            )
        for visit in visits:
            page.set_viewport_size({"width": WIDTHS[0], "height": 800})
            response = page.goto(visit.path)
            assert response is not None and response.status < 400, (visit, response.status)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                found = page.evaluate(MEASURE)
                where = f"{visit.endpoint} at {width}px"
                if found["overflow"] > 0:
                    problems.append(f"{where}: {found['overflow']}px wider than the screen")
                problems += [f"{where}: {cell}" for cell in found["narrow"]]
                problems += [
                    f"{where}: table outside a .table-wrap: {t}" for t in found["unwrapped"]
                ]
            if found["duplicateIds"]:
                problems.append(f"{visit.endpoint}: ids used twice: {found['duplicateIds']}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
