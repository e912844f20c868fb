"""The checklist flow end to end in Chromium, with axe-core on every new page.

An admin publishes a checklist and assigns it; the student completes an item; the advisor
verifies it and the cohort dashboard changes.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from .. import factories
from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _switch(page, email):
    page.context.clear_cookies()
    sign_in(page, email)


def test_publish_assign_complete_verify(page, world, arrange):
    a = world.a
    practice = factories.create_practice(None, title="Run a mock interview")
    slug = a.slug

    sign_in(page, a.admin.user.email)
    page.goto(f"/{slug}/checklists")
    assert_accessible(page, "checklist templates")
    page.get_by_label("Checklist title").fill("Interview prep")
    page.get_by_role("button", name="Create checklist").click()
    assert_accessible(page, "draft editor")
    page.get_by_label("Or a custom item").fill("Share your résumé")
    page.get_by_label("Evidence").select_option("link")
    page.get_by_label("An advisor verifies it").check()
    page.get_by_role("button", name="Add item").click()
    page.get_by_label("Practice from the library").select_option(str(practice.id))
    page.get_by_role("button", name="Add item").click()
    page.get_by_role("button", name="Move up Run a mock interview").click()
    items = page.locator("ol.card-list > li strong").all_inner_texts()
    assert items == ["Run a mock interview", "Share your résumé"]
    page.get_by_role("button", name="Publish version 1…").click()
    page.get_by_role("button", name="Yes, publish version 1").click()  # the confirmation step
    assert_accessible(page, "template page")
    page.get_by_label("Cohort").select_option(label=a.cohort.name)
    page.get_by_label("Due on").fill((date.today() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Assign version 1").click()
    assert page.get_by_text(f"Assigned to {a.cohort.name}").is_visible()
    for path in (
        "/cohorts",
        f"/cohorts/{a.cohort.id}/people",
        "/practices",
        f"/practices/{practice.id}",
        "/practices/new",
        "/settings/readiness",
        "/cohorts/new",
    ):
        page.goto(f"/{slug}{path}")
        assert_accessible(page, path)

    _switch(page, a.advisor.user.email)
    page.goto(f"/{slug}/cohorts/{a.cohort.id}")
    assert_accessible(page, "cohort dashboard")
    row = page.get_by_role("row", name=a.student.user.name)
    assert "Not started" in row.inner_text() and "0%" in row.inner_text()

    _switch(page, a.student.user.email)
    assert_accessible(page, "student home with a checklist")
    page.goto(f"/{slug}/checklists")
    assert_accessible(page, "my checklists")
    page.get_by_label("Link").fill("https://example.org/my-cv.pdf")
    page.get_by_role("button", name="Mark done Share your résumé").click()
    assert page.get_by_text("Done, awaiting verification").is_visible()
    page.goto(f"/{slug}/cohorts/join")
    assert_accessible(page, "join a cohort")

    _switch(page, a.advisor.user.email)
    page.goto(f"/{slug}/checklists")
    assert_accessible(page, "verification queue")
    page.get_by_role("link", name=a.student.user.name).click()
    assert_accessible(page, "student detail")
    page.get_by_role("button", name="Verify Share your résumé").click()
    assert page.get_by_text("Item verified.").is_visible()
    page.goto(f"/{slug}/cohorts/{a.cohort.id}")
    row = page.get_by_role("row", name=a.student.user.name)
    assert "On track" in row.inner_text() and "50%" in row.inner_text()
