"""The review journey in a browser: submit, claim, comment (one from the bank), rate, request
changes, reply, resubmit, see what changed and the carried ratings, approve, readiness moves.
The review screen is driven with the keyboard and scanned with axe-core (desktop and 390 px)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from careercenter.extensions import db
from careercenter.reviews.models import BankComment
from careercenter.tenancy.scoping import tenant_scope

from .. import factories
from ..plans.helpers import make_plan, typical_content
from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def press(page, name: str) -> None:
    """Focus a button (as Tab would) and press Enter."""
    page.get_by_role("button", name=name, exact=True).first.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def open_box(page, summary: str) -> None:
    """Open a comment box (a <details>) with the keyboard."""
    page.locator("summary", has_text=summary).first.focus()
    page.keyboard.press("Enter")


def switch(page, member) -> None:
    page.context.clear_cookies()
    sign_in(page, member.user.email)


def test_the_whole_review_journey(page, world, arrange):
    a = world.a
    version = factories.create_checklist(a.institution, items=[{"title": "Write your résumé"}])
    assignment = factories.assign_checklist(a.institution, a.cohort, version)
    (item,) = factories.items_of(a.institution, version)
    factories.set_progress(a.institution, assignment, item, a.student)
    with tenant_scope(a.institution):
        db.session.add(
            BankComment(owner_id=a.advisor.id, body="Tie this to the department's goals.")
        )
        db.session.commit()
    plan_id = make_plan(a, content=typical_content(goals=2), cohort_id=a.cohort.id)

    # The student submits.
    sign_in(page, a.student.user.email)
    page.goto(f"/{a.slug}/blueprints/{plan_id}")
    press(page, "Save and submit for review")
    expect(page.get_by_text("Submitted as revision 1")).to_be_visible()

    # The advisor claims from the queue, comments on two elements, rates, requests changes.
    switch(page, a.advisor)
    page.goto(f"/{a.slug}/reviews")
    page.get_by_role("link", name="Business Analyst at Northwind Health").click()
    page.wait_for_url(re.compile(r"/reviews/\d+$"))
    assert_accessible(page, "review screen, unclaimed")
    press(page, "Claim this blueprint")
    expect(page.get_by_text("In review by")).to_be_visible()
    open_box(page, "Comment on Goal 1:")
    page.get_by_label(re.compile(r"^Your comment on Goal 1:")).focus()
    page.keyboard.type("Make this measure a number your manager can check.")
    page.get_by_role("button", name="Add to my draft").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    open_box(page, "Comment on Impact on the department")
    impact = page.locator("#el-impact")
    bank = impact.get_by_label("Insert from the comment bank")
    bank.focus()
    page.keyboard.press("ArrowDown")  # choose the saved comment with the keyboard
    if bank.input_value() == "":  # some platforms open the list instead of moving
        bank.select_option(index=1)
    page.keyboard.press("Tab")  # to Insert
    page.keyboard.press("Enter")
    box = impact.get_by_label("Your comment on Impact on the department")
    expect(box).to_have_value(re.compile("department's goals"))
    impact.get_by_role("button", name="Add to my draft").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator(".review-comment")).to_have_count(2)
    for radio in page.get_by_role("radio", name="Meets the bar").all():
        radio.focus()
        page.keyboard.press("Space")
    page.get_by_label("Overall note to the student").fill("Good start; sharpen goal 1.")
    assert_accessible(page, "review screen, draft")
    press(page, "Publish: request changes")
    expect(page.get_by_text("Published: changes requested")).to_be_visible()

    # The student reads the comments in place, replies, marks one addressed, edits, resubmits.
    switch(page, a.student)
    page.goto(f"/{a.slug}/blueprints/{plan_id}")
    # The editor's banner links each open comment: by keyboard, to the comment in the feedback.
    banner = page.locator("#changes-requested")
    expect(banner.get_by_role("listitem")).to_have_count(2)
    banner.get_by_role("link", name=re.compile(r"^Open the comment on Impact")).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/reviews/\d+#comment-\d+$"))
    expect(page.locator(".review-comment:target")).to_contain_text("department's goals")
    page.goto(f"/{a.slug}/blueprints/{plan_id}")
    page.get_by_role("link", name="Read the feedback beside each part of your blueprint").click()
    expect(page.get_by_role("heading", name="Changes requested", exact=True)).to_be_visible()
    assert_accessible(page, "student feedback")
    page.get_by_role("link", name=re.compile(r"^Goal 1:")).first.click()
    page.get_by_label("Reply to this comment").first.focus()
    page.keyboard.type("Changed it to a weekly deadline.")
    press(page, "Reply")
    expect(page.get_by_text("Changed it to a weekly deadline.")).to_be_visible()
    press(page, "Mark addressed")
    expect(page.get_by_text("Marked addressed")).to_be_visible()
    page.goto(f"/{a.slug}/blueprints/{plan_id}")
    measure = page.get_by_label("Measure of success").first
    measure.fill("Report out by 9 am every Monday for four weeks running")
    press(page, "Save and submit for review")
    expect(page.get_by_text("Submitted as revision 2")).to_be_visible()

    # The advisor sees what changed and the carried ratings, and approves.
    switch(page, a.advisor)
    page.goto(f"/{a.slug}/reviews")
    page.get_by_role("link", name="Business Analyst at Northwind Health").click()
    press(page, "Claim this blueprint")
    expect(page.locator("#sec-goals-h .pill", has_text="Changed")).to_be_visible()
    expect(page.locator("#sec-impact-h .pill", has_text="Unchanged")).to_be_visible()
    expect(page.get_by_text("Carried from the last round").first).to_be_visible()
    expect(page.get_by_text("Changed since").first).to_be_visible()
    expect(page.locator(".diff-text ins").first).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page, "review screen, resubmission, 390 px")
    page.set_viewport_size({"width": 1280, "height": 900})
    press(page, "Publish: approve")
    expect(page.get_by_text("Published: approved")).to_be_visible()

    # Readiness: the student's level moves to Interview-ready.
    page.goto(f"/{a.slug}/cohorts/{a.cohort.id}")
    expect(page.get_by_text("Interview-ready").first).to_be_visible()
