"""Every page each role reaches passes axe-core (no serious or critical violation) and lays
its buttons out well on a laptop: rows of buttons share a height, secondary buttons are not
stretched across the page, headings keep their distance from the buttons above them.

The pages come from the one shared list (`pages.py`: generated from the URL map, ids from the
demo data), so a new page is scanned without anyone remembering to add it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from careercenter.tenancy.models import Role

from .conftest import assert_accessible, sign_in
from .pages import DEMO_PASSWORD, every_page, seed_pages_data, slug_pages

pytestmark = pytest.mark.browser

MEASURE = (Path(__file__).parent / "measure.js").read_text()


def test_the_shared_list_covers_pages_with_and_without_ids(app):
    assert len(slug_pages(app)) > 10


@pytest.mark.parametrize("role", list(Role))
def test_every_page_passes_axe(app, page, arrange, role):
    visits = [v for v in every_page(app, seed_pages_data()) if v.role == role]
    sign_in(page, visits[0].email, DEMO_PASSWORD)
    problems = []
    for visit in visits:
        response = page.goto(visit.path)
        assert response is not None and response.status < 400, f"{visit}: {response.status}"
        assert_accessible(page, f"{visit.endpoint} as {role}")
        found = page.evaluate(MEASURE)
        for kind in ("uneven", "giants", "crowded"):
            problems += [f"{visit.endpoint}: {kind} {item}" for item in found[kind]]
    assert not problems, "\n".join(problems)
