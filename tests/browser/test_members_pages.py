"""The admin's members, settings and audit pages pass axe-core; inviting works by keyboard only."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from careercenter.extensions import db
from careercenter.tenancy.models import Role

from .. import factories
from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_world(world, arrange):
    """Alpha with an invited, a deactivated and an internationally named member."""
    inst = world.a.institution
    world.pending = factories.create_member(
        inst, Role.STUDENT, name="Ingrid Invited", password=None, invited=True
    )
    factories.create_member(inst, Role.ADVISOR, name="Gustav Gone", active=False)
    factories.create_member(inst, Role.STUDENT, name="Nguyễn Thị Minh")
    declined = factories.create_member(inst, Role.ADVISOR, name="Dora Declined", invited=True)
    with factories.tenant_scope(inst):
        declined.declined_at = declined.created_at
        db.session.commit()
    world.declined = declined
    return world


def test_members_pages_are_accessible(page, admin_world, tmp_path):
    world = admin_world
    slug = world.a.slug
    sign_in(page, world.a.admin.user.email)
    pages = {
        "members list": f"/{slug}/members",
        "members filtered to nothing": f"/{slug}/members?q=nobody-at-all",
        "invite": f"/{slug}/members/invite",
        "import": f"/{slug}/members/import",
        "member page": f"/{slug}/members/{world.a.student.id}",
        "own member page": f"/{slug}/members/{world.a.admin.id}",
        "declined invitation": f"/{slug}/members/{world.declined.id}",
        "pending invitation": f"/{slug}/members/{world.pending.id}",
        "settings": f"/{slug}/settings",
        "audit log": f"/{slug}/audit",
    }
    for name, path in pages.items():
        page.goto(path)
        assert page.get_by_role("heading", level=1).is_visible(), name
        assert_accessible(page, name)

    # The import report and the settings page with errors.
    bad = tmp_path / "people.csv"
    bad.write_text("email,name,role\nnot-an-email,X,student\nok@uni.example,,owner\n")
    page.goto(f"/{slug}/members/import")
    page.get_by_label("CSV file").set_input_files(str(bad))
    with page.expect_navigation():
        page.get_by_role("button", name="Check and invite").click()
    assert page.get_by_text("Nobody was invited").is_visible()
    assert_accessible(page, "import report")

    page.goto(f"/{slug}/settings")
    page.get_by_label("Brand colour").fill("#ffcc00")
    with page.expect_navigation():
        page.get_by_role("button", name="Save settings").click()
    assert page.get_by_text("too light").is_visible()
    assert_accessible(page, "settings with an error")


def test_invite_a_member_with_the_keyboard_only(page, world):
    sign_in(page, world.a.admin.user.email)
    page.goto(f"/{world.a.slug}/members")
    # Reach the invite button from the top of the page by tabbing.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Invite a member":
            break
    else:
        pytest.fail("the 'Invite a member' link is not reachable with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/{world.a.slug}/members/invite")
    # Playwright's expect() retries, so a slow machine does not race the browser's focus.
    expect(page.locator("#email")).to_be_focused()  # focus starts in the form
    page.keyboard.type("keyboard.person@uni.example")
    page.keyboard.press("Tab")
    expect(page.locator("#name")).to_be_focused()
    page.keyboard.type("Łucja Wiśniewska")
    page.keyboard.press("Tab")
    expect(page.locator("#role")).to_be_focused()
    page.keyboard.press("ArrowUp")  # student → advisor
    expect(page.locator("#role")).to_have_value("advisor")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send invitation")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Invitation sent to keyboard.person@uni.example")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name="Łucja Wiśniewska")).to_be_visible()
    assert page.locator("hgroup p").inner_text().startswith("Advisor")
    assert_accessible(page, "member page after invitation")


def test_invitation_answer_pages_are_accessible(page, world, arrange):
    """An account holder's Accept / Decline page, and the page for the wrong account."""
    from careercenter.auth.invitations import invitation_link

    pending = factories.create_member(
        world.a.institution, Role.ADVISOR, user=world.b.student.user, invited=True
    )
    path = "/invitations/" + invitation_link(pending).rsplit("/invitations/", 1)[1]
    sign_in(page, world.b.admin.user.email)
    page.goto(path)
    assert page.get_by_role("heading", level=1).is_visible()
    assert_accessible(page, "invitation for another account")
    page.context.clear_cookies()
    sign_in(page, world.b.student.user.email)
    page.goto(path)
    expect(page.get_by_role("button", name="Accept")).to_be_visible()
    assert_accessible(page, "invitation answer")
    with page.expect_navigation():
        page.get_by_role("button", name="Accept").click()
    assert page.url.endswith(f"/{world.a.slug}/")
