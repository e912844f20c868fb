"""Pages of issue 11 (part B) in Chromium: filter and tick students to enrol, edit a draft's
item, confirm a publication, the printable leave-behind; axe-core at 1280 px and 390 px."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from .. import factories
from ..plans.helpers import load_plan, make_plan, typical_content
from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _both_widths(page, what: str) -> None:
    assert_accessible(page, f"{what} at 1280px")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page, f"{what} at 390px")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{what} is {width}px wide at 390px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_admin_filters_ticks_and_enrols_several_students(page, world, arrange):
    a = world.a
    cohort = factories.create_cohort(a.institution, name="Spring cohort")
    lucja = factories.create_member(a.institution, "student", name="Łucja Nowak")
    zoe = factories.create_member(a.institution, "student", name="Zoë Adams")
    factories.create_member(a.institution, "student", name="Omar Diaz")
    sign_in(page, a.admin.user.email)
    page.goto(f"/{a.slug}/cohorts/{cohort.id}/people")
    search = page.get_by_label("Find by name or email")
    expect(search).to_be_visible()  # the script shows the filter
    _both_widths(page, "people page")
    search.fill("lucja")
    expect(page.get_by_label("Łucja Nowak")).to_be_visible()
    expect(page.get_by_label("Omar Diaz")).to_be_hidden()
    expect(page.locator("#student-filter-status")).to_have_text("1 of 4 shown")
    page.get_by_label("Łucja Nowak").check()
    search.fill("zoe")
    page.get_by_label("Zoë Adams").check()
    expect(page.get_by_label("Łucja Nowak")).to_be_visible()  # ticked: never hidden
    search.press("Enter")  # filters, does not submit
    expect(page).to_have_url(f"{page.url}")
    page.get_by_role("button", name="Enroll the ticked students").click()
    expect(page.get_by_text("2 students enrolled.")).to_be_visible()
    table = page.get_by_role("table", name=f"Students enrolled in {cohort.name}")
    expect(table.get_by_role("cell", name=lucja.user.name, exact=True)).to_be_visible()
    expect(table.get_by_role("cell", name=zoe.user.name, exact=True)).to_be_visible()


def test_people_page_works_without_javascript(browser, live_server, world, arrange):
    a = world.a
    factories.create_member(a.institution, "student", name="Omar Diaz")
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, a.admin.user.email)
    page.goto(f"/{a.slug}/cohorts/{a.cohort.id}/people")
    expect(page.get_by_label("Find by name or email")).to_be_hidden()
    page.get_by_label("Omar Diaz").check()
    page.get_by_role("button", name="Enroll the ticked students").click()
    expect(page.get_by_text("Omar Diaz enrolled.")).to_be_visible()
    context.close()


def test_edit_item_and_confirm_publication(page, world, arrange):
    a = world.a
    version = factories.create_checklist(
        a.institution, [{"title": "Write your résumé"}], publish=False
    )
    sign_in(page, a.admin.user.email)
    page.goto(f"/{a.slug}/checklists/versions/{version.id}")
    page.get_by_role("button", name="Edit Write your résumé").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit an item")
    _both_widths(page, "edit item")
    page.get_by_label("Item").fill("Write a one-page résumé")
    page.get_by_role("button", name="Save the item").click()
    expect(page.get_by_text("Item saved.")).to_be_visible()
    page.get_by_role("button", name="Publish version 1…").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Publish version 1")
    _both_widths(page, "publish confirmation")
    page.get_by_role("button", name="Yes, publish version 1").click()
    expect(page.get_by_text("Version 1 published.")).to_be_visible()


def test_printable_leave_behind_with_choices(page, world, arrange):
    a = world.a
    content = typical_content()
    content.leave_behind.phone = "+1 (555) 010-0142"
    content.leave_behind.research_basis = True
    content.leave_behind.credit = True
    plan_id = make_plan(a, content=content)
    sign_in(page, a.student.user.email)
    page.goto(f"/{a.slug}/blueprints/{plan_id}/print")
    expect(page.get_by_text("Based on conversations with the Analyst in the role.")).to_be_visible()
    expect(page.get_by_text("Drawing on:").first).to_be_visible()
    expect(page.get_by_text("Sam Lee")).to_have_count(0)
    _both_widths(page, "printable leave-behind")
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Back to the blueprint")).to_be_hidden()
    # Printed by the browser, it takes the pages the PDF takes (the editor's count).
    printed = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    assert len(printed.pages) == load_plan(a, plan_id).page_count == 1
