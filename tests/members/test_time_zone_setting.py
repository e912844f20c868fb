"""The institution's time zone on the settings page: every IANA zone, unknown ones refused."""

from __future__ import annotations

import re

from sqlalchemy import select

from careercenter.audit import AuditEvent
from careercenter.extensions import db
from careercenter.tenancy.models import Institution


def _form(client, slug) -> tuple[str, dict]:
    page = client.get(f"/{slug}/settings").get_data(as_text=True)
    loaded = re.search(r'name="loaded" type="hidden" value="([^"]+)"', page).group(1)
    return page, {"name": "Alpha University", "brand_colour": "#1f5f8b", "loaded": loaded}


def _institution(world) -> Institution:
    db.session.expire_all()
    return db.session.get(Institution, world.a.institution.id)


def _events():
    return db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "institution.settings_changed")
    ).scalars()


def test_the_zone_is_a_labelled_grouped_select(world, auth, client, arrange):
    auth.login_as(world.a.admin)
    page, _ = _form(client, world.a.slug)
    assert '<label for="time_zone">Time zone' in page
    assert '<select aria-describedby="time_zone-help" id="time_zone" name="time_zone"' in page
    assert '<option selected value="UTC">UTC (Coordinated Universal Time)</option>' in page
    assert '<optgroup label="America">' in page and '<optgroup label="Pacific">' in page
    assert '<option value="America/Chicago">Chicago</option>' in page


def test_a_valid_zone_is_saved_and_audited(world, auth, client, arrange):
    auth.login_as(world.a.admin)
    _, form = _form(client, world.a.slug)
    page = client.post(
        f"/{world.a.slug}/settings",
        data={**form, "time_zone": "America/Chicago"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Settings saved" in page
    assert '<option selected value="America/Chicago">Chicago</option>' in page
    assert _institution(world).time_zone == "America/Chicago"
    (event,) = _events()
    assert event.detail["changes"] == {"time_zone": ["UTC", "America/Chicago"]}


def test_an_unknown_zone_is_refused_and_nothing_changes(world, auth, client, arrange):
    auth.login_as(world.a.admin)
    _, form = _form(client, world.a.slug)
    form.update(name="Renamed", time_zone="Mars/Olympus")
    response = client.post(f"/{world.a.slug}/settings", data=form)
    page = response.get_data(as_text=True)
    assert "“Mars/Olympus” is not a known time zone" in page
    assert 'aria-invalid="true"' in page and "time_zone-error" in page
    institution = _institution(world)
    assert (institution.name, institution.time_zone) == ("Alpha University", "UTC")
    assert list(_events()) == []


def test_an_alias_set_by_the_operator_stays_selected(world, auth, client, arrange):
    institution = _institution(world)
    institution.time_zone = "US/Central"
    db.session.commit()
    auth.login_as(world.a.admin)
    page, form = _form(client, world.a.slug)
    assert '<option selected value="US/Central">US/Central</option>' in page
    saved = client.post(
        f"/{world.a.slug}/settings", data={**form, "time_zone": "US/Central", "name": "Alpha U"}
    )
    assert saved.status_code == 302 and _institution(world).name == "Alpha U"
