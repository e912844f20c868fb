"""A student writes a 90-Day Blueprint from scratch with the keyboard, submits it, gets the PDF."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from ..plans.helpers import load_plan, make_plan, typical_content
from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def type_into(page, label: str, text: str, nth: int = 0) -> None:
    """Move focus to a control, as Tab would, and type at the end of its text."""
    page.get_by_label(label, exact=True).nth(nth).focus()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def press(page, name: str) -> None:
    page.get_by_role("button", name=name).focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_student_writes_submits_and_downloads(page, world):
    sign_in(page, world.a.student.user.email)
    page.goto(f"/{world.a.slug}/blueprints")
    assert_accessible(page, "blueprint list (empty)")
    page.get_by_role("button", name="Start a new blueprint").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/blueprints/new$"))
    page.keyboard.type("Riverbend Health")  # the employer field has the focus
    type_into(page, "Role title *", "Business Analyst")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/blueprints/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Business Analyst at Riverbend Health"
    )

    questions = [
        ("What are the expectations, goals and objectives of the job?", "Faster reports."),
        ("What are its principal duties?", "Build dashboards."),
        ("What are the known obstacles to success in it?", "Three systems."),
        (
            "How does success in the job affect the department, its goals and its customers?",
            "Shorter waits.",
        ),
    ]
    for label, answer in questions:
        type_into(page, label, answer)
    press(page, "Add a goal")
    expect(page.get_by_label("What are its principal duties?")).to_have_value("Build dashboards.")
    type_into(page, "Goal", "Automate the Monday report")
    for label in ("Days 1–30", "Days 31–60", "Days 61–90"):
        type_into(page, f"Goal 1, {label}, action 1", f"Act in {label}")
    # A second action, then reorder: the focus lands on the moved action.
    press(page, "Add an action to goal 1, Days 1–30")
    expect(page.get_by_label("Goal 1, Days 1–30, action 2", exact=True)).to_be_focused()
    page.keyboard.type("Meet the ward managers")
    press(page, "Up action 2 of goal 1, Days 1–30")
    expect(page.get_by_label("Goal 1, Days 1–30, action 1", exact=True)).to_be_focused()
    expect(page.get_by_label("Goal 1, Days 1–30, action 1", exact=True)).to_have_value(
        "Meet the ward managers"
    )
    expect(page.get_by_label("Goal 1, Days 1–30, action 2", exact=True)).to_have_value(
        "Act in Days 1–30"
    )
    type_into(page, "Measure of success", "Out by 9 am")
    press(page, "Add a conversation")
    type_into(page, "Key takeaways", "The Monday report matters most.")
    type_into(page, "How will success in your first 90 days help the department?", "Less waiting.")
    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=10_000)
    expect(page.locator("#page-count")).to_contain_text("Fits on one page")
    assert_accessible(page, "editor")

    # The plan still has gaps (no obstacle yet): the student confirms submitting it anyway.
    page.get_by_role("checkbox", name=re.compile("Submit anyway, with these gaps")).focus()
    page.keyboard.press("Space")
    press(page, "Save and submit for review")
    expect(page.get_by_text("Submitted as revision 1")).to_be_visible()
    assert_accessible(page, "editor after submission")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").focus()
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    page.goto(f"/{world.a.slug}/blueprints")
    assert_accessible(page, "blueprint list")
    page.get_by_role("link", name="Business Analyst at Riverbend Health").click()
    page.get_by_role("link", name="Printable page").click()
    expect(page.get_by_text("Automate the Monday report")).to_be_visible()
    expect(page.get_by_text("Set the hook")).to_have_count(0)  # the hook is for the student
    assert_accessible(page, "print view")
    page.go_back()
    page.get_by_role("link", name="Revision 1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Revision 1")
    expect(page.get_by_role("heading", name="Set the hook")).to_be_visible()
    assert_accessible(page, "revision")


def test_offline_text_is_kept_and_can_be_restored(page, world, arrange):
    plan_id = make_plan(world.a, content=typical_content())
    sign_in(page, world.a.student.user.email)
    page.goto(f"/{world.a.slug}/blueprints/{plan_id}")
    page.context.set_offline(True)
    type_into(page, "How will success in your first 90 days help the department?", " Offline!")
    expect(page.locator("#save-status")).to_contain_text("Offline", timeout=10_000)
    kept = json.loads(page.evaluate(f"localStorage.getItem('cc-plan-{plan_id}')"))
    assert kept["fields"]["impact"].endswith("Offline!")
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=10_000)
    assert load_plan(world.a, plan_id).content.impact.endswith("Offline!")

    # Text kept on this device but never received: offered back after a reload.
    kept["fields"]["impact"] = "Restored from this device"
    page.evaluate(f"localStorage.setItem('cc-plan-{plan_id}', {json.dumps(json.dumps(kept))})")
    page.reload()
    expect(page.locator("#restore-offer")).to_be_visible()
    assert_accessible(page, "editor with restore offer")
    page.get_by_role("button", name="Restore them").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    assert load_plan(world.a, plan_id).content.impact == "Restored from this device"


def test_advisor_reads_a_submitted_blueprint(page, world, arrange):
    plan_id = make_plan(world.a, content=typical_content(), submit=True)
    sign_in(page, world.a.advisor.user.email)
    page.goto(f"/{world.a.slug}/blueprints")
    assert_accessible(page, "advisor's blueprint list")
    page.get_by_role("link", name="Business Analyst at Northwind Health").click()
    expect(page.get_by_text("You are reading revision 1")).to_be_visible()
    assert page.url.endswith(f"/blueprints/{plan_id}")
    assert_accessible(page, "advisor's read view")


def test_sign_out_forgets_kept_text_and_expired_session_is_explained(page, world, arrange):
    plan_id = make_plan(world.a, content=typical_content())
    sign_in(page, world.a.student.user.email)
    page.goto(f"/{world.a.slug}/blueprints/{plan_id}")
    page.route(
        "**/autosave",
        lambda route: route.fulfill(
            status=400,
            content_type="application/json",
            body=json.dumps(
                {
                    "error": "csrf",
                    "message": "Your session expired — reload the "
                    "page; your text is kept on this device.",
                }
            ),
        ),
    )
    type_into(page, "How will success in your first 90 days help the department?", " Later")
    expect(page.locator("#save-status")).to_have_text(
        "Your session expired — reload the page; your text is kept on this device.",
        timeout=10_000,
    )
    assert page.evaluate(f"localStorage.getItem('cc-plan-{plan_id}')") is not None
    page.evaluate("localStorage.setItem('cc-plan-999', '{}'); localStorage.setItem('other', '1')")
    page.once("dialog", lambda dialog: dialog.accept())  # leaving with unsaved text
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    keys = page.evaluate("Object.keys(localStorage)")
    assert keys == ["other"]


def test_hook_draft_asks_before_replacing_and_status_panel_is_sticky(page, world, arrange):
    content = typical_content()
    content.hook.script = "My own words"
    plan_id = make_plan(world.a, content=content)
    sign_in(page, world.a.student.user.email)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/{world.a.slug}/blueprints/{plan_id}")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Write a first draft").click()
    expect(page.get_by_label("Your hook")).to_have_value("My own words")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Write a first draft").click()
    page.wait_for_load_state()
    expect(page.get_by_label("Your hook")).to_contain_text("Northwind Health")
    expect(page.get_by_label("Your hook")).to_be_focused()
    # The page count and "What is missing" stay in view while scrolling the long form.
    page.mouse.wheel(0, 3000)
    expect(page.locator("#page-count")).to_be_in_viewport()
    # The revisions table is not clipped: it fits the main column.
    assert_accessible(page, "editor, wide")


def test_editor_at_a_phone_width(page, world, arrange):
    plan_id = make_plan(world.a, content=typical_content(), submit=True)
    sign_in(page, world.a.student.user.email)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/{world.a.slug}/blueprints/{plan_id}")
    main_width = page.evaluate("document.querySelector('.plan-main').scrollWidth")
    assert main_width <= 390, main_width
    for selector in ("#goals-0-days_30-0", "#history .table-wrap"):
        box = page.locator(selector).first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (selector, box)
    assert_accessible(page, "editor at 390px")
