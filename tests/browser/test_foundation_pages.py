"""Each demo role signs in and reaches its home page; every page so far passes axe-core."""

from __future__ import annotations

import pytest

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("role", ["admin", "advisor", "student"])
def test_role_signs_in_and_reaches_home(role, page, world):
    member = world.a.member(role)
    sign_in(page, member.user.email)
    assert page.url.endswith(f"/{world.a.slug}/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert_accessible(page, f"{role} home")


def test_public_pages_are_accessible(page, world):
    for path in ("/login", "/password/forgot", "/no-such-page"):
        page.goto(path)
        assert_accessible(page, path)


def test_skip_link_and_focus_are_visible(page, world):
    sign_in(page, world.a.student.user.email)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Skip to main content" in focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_institution_picker_is_accessible(page, world, arrange):
    from .. import factories

    person = factories.create_user(name="Two Campus Advisor")
    factories.create_member(world.a.institution, "advisor", user=person)
    factories.create_member(world.b.institution, "advisor", user=person)
    sign_in(page, person.email)
    assert page.url.endswith("/institutions")
    assert_accessible(page, "institution picker")


def test_account_page_lists_devices_and_is_accessible(page, browser, live_server, world):
    other = browser.new_context(base_url=live_server)
    other_page = other.new_page()
    sign_in(other_page, world.a.student.user.email)
    sign_in(page, world.a.student.user.email)
    page.get_by_role("link", name="Account").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your account"
    assert page.get_by_text("This device").count() == 1
    assert_accessible(page, "account page")
    page.get_by_role("button", name="Sign out Chrome on Linux").click()
    assert page.get_by_text("That device is signed out.").is_visible()
    other_page.goto(f"/{world.a.slug}/")
    assert "/login" in other_page.url
    other.close()
