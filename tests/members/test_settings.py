"""Institution settings: name and a brand colour that keeps text readable."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from careercenter.audit import AuditEvent
from careercenter.extensions import db
from careercenter.institutions.branding import colour_problem, contrast_with_white, darker_shade
from careercenter.tenancy.models import Institution


def _loaded(client, slug) -> str:
    page = client.get(f"/{slug}/settings").get_data(as_text=True)
    return re.search(r'name="loaded" type="hidden" value="([^"]+)"', page).group(1)


def _save(client, slug, loaded=None, **data):
    form = {"name": "Alpha University", "brand_colour": "#1f5f8b", **data}
    form["loaded"] = loaded if loaded is not None else _loaded(client, slug)
    return client.post(f"/{slug}/settings", data=form, follow_redirects=True)


def _institution(world) -> Institution:
    db.session.expire_all()
    return db.session.get(Institution, world.a.institution.id)


def test_settings_are_saved_and_audited(world, auth, client, arrange):
    auth.login_as(world.a.admin)
    page = _save(client, world.a.slug, name="Alpha Tech", brand_colour=" #0B5394 ")
    assert "Settings saved" in page.get_data(as_text=True)
    institution = _institution(world)
    assert (institution.name, institution.brand_colour) == ("Alpha Tech", "#0b5394")
    assert "--brand: #0b5394" in page.get_data(as_text=True)
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "institution.settings_changed")
    ).scalar_one()
    assert event.detail["changes"]["name"] == ["Alpha University", "Alpha Tech"]


@pytest.mark.parametrize(
    ("colour", "message"),
    [
        ("#ffcc00", "too light"),
        ("#777777", "too light"),
        ("blue", "six hex digits"),
        ("#12345", "six hex digits"),
        ("#gggggg", "six hex digits"),
        ("", "This field is required"),
    ],
)
def test_bad_colours_are_refused(colour, message, world, auth, client, arrange):
    auth.login_as(world.a.admin)
    page = _save(client, world.a.slug, brand_colour=colour, name="Changed Name")
    assert page.status_code == 400
    assert message in page.get_data(as_text=True)
    institution = _institution(world)
    assert institution.name != "Changed Name"


def test_name_is_required(world, auth, client, arrange):
    auth.login_as(world.a.admin)
    page = _save(client, world.a.slug, name="")
    assert page.status_code == 400
    assert "This field is required" in page.get_data(as_text=True)


def test_a_save_without_a_change_says_so(world, auth, client, arrange):
    auth.login_as(world.a.admin)
    _save(client, world.a.slug)
    page = _save(client, world.a.slug)
    assert page.status_code == 200 and "Nothing to change." in page.get_data(as_text=True)


def test_stale_settings_page_is_refused(world, auth, client, arrange):
    auth.login_as(world.a.admin)
    old = _loaded(client, world.a.slug)
    _save(client, world.a.slug, name="First Save")
    response = _save(client, world.a.slug, loaded=old, name="Second Save")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else saved these settings" in page and "First Save" in page
    assert _institution(world).name == "First Save"


def test_contrast_rules():
    assert round(contrast_with_white("#000000"), 1) == 21.0
    assert round(contrast_with_white("#ffffff"), 1) == 1.0
    assert colour_problem("#1f5f8b") is None and colour_problem("#6b3fa0") is None
    assert colour_problem("#767676") is None  # the classic 4.54:1 grey passes
    assert colour_problem("#777777") is not None  # 4.48:1 fails
    suggestion = darker_shade("#ffcc00")
    assert colour_problem(suggestion) is None and suggestion != "#000000"
