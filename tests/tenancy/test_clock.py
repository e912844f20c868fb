"""Dates follow the campus clock: an item due on the 30th is due until midnight on campus.

Kiritimati (UTC+14) and Pago Pago (UTC−11) are 25 hours apart: at noon UTC on 30 November
it is already 1 December in one and still 30 November in the other.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import g
from sqlalchemy import func, select

from careercenter.audit import AuditEvent
from careercenter.extensions import db
from careercenter.templating import local_time
from careercenter.tenancy import clock
from careercenter.tenancy.models import Institution
from tests import factories

EAST, WEST = "Pacific/Kiritimati", "Pacific/Pago_Pago"
DUE = date(2026, 11, 30)
NOON = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.fixture
def frozen(monkeypatch):
    """Set the one clock the app reads; return a setter for later moments."""

    def set_time(moment: datetime) -> None:
        monkeypatch.setattr(clock, "utc_now", lambda: moment)

    set_time(NOON)
    return set_time


@pytest.fixture
def campuses(world, arrange):
    """Alpha on Kiritimati time, Beta on Pago Pago time; each student has one required item
    due on DUE and one optional item."""
    for tenant, zone in ((world.a, EAST), (world.b, WEST)):
        institution = db.session.get(Institution, tenant.institution.id)
        institution.time_zone = zone
        db.session.commit()
        items = [{"title": "Research the employer"}, {"title": "Extra", "required": False}]
        version = factories.create_checklist(institution, items=items)
        factories.assign_checklist(institution, tenant.cohort, version, due_on=DUE)
    return world


def _page(client, auth, tenant, role: str, path: str) -> str:
    auth.login_as(tenant.member(role))
    text = client.get(f"/{tenant.slug}{path}").get_data(as_text=True)
    auth.logout()
    return text


def _row(board: str, tenant) -> str:
    """Return the dashboard's table row of the tenant's student."""
    return re.search(rf"<tr>(?:(?!</tr>).)*{tenant.slug} student.*?</tr>", board, re.S).group(0)


def test_local_today_and_midnight():
    east, west = Institution(time_zone=EAST), Institution(time_zone=WEST)
    assert clock.local_today(east, NOON) == date(2026, 12, 1)
    assert clock.local_today(west, NOON) == date(2026, 11, 30)
    assert clock.local_today(None, NOON) == date(2026, 11, 30)  # platform pages: UTC
    assert clock.local_midnight(east, NOON) == datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    assert clock.local_midnight(west, NOON) == datetime(2026, 11, 30, 11, 0, tzinfo=UTC)
    naive = datetime(2026, 11, 30, 12, 0)  # as SQLite hands it back: UTC without tzinfo
    assert clock.local_now(east, naive).isoformat() == "2026-12-01T02:00:00+14:00"


def test_zone_names_are_checked_and_offered_by_area():
    assert clock.zone_problem("America/Chicago") is None
    assert clock.zone_problem("US/Central") is None  # an alias: accepted, not offered
    for bad in ("Mars/Olympus", "", None, "america/chicago"):
        assert "not a known time zone" in clock.zone_problem(bad)
    groups = clock.zone_groups()
    assert groups[0] == (None, (("UTC", "UTC (Coordinated Universal Time)"),))
    offered = {name: area for area, zones in groups for name, _ in zones}
    assert offered["America/Chicago"] == "America" and offered[EAST] == "Pacific"
    assert "US/Central" not in offered and "EST5EDT" not in offered
    assert ("America/Argentina/Buenos_Aires", "Argentina / Buenos Aires") in dict(groups)["America"]


def test_one_campus_sees_overdue_the_other_due_today(campuses, frozen, client, auth):
    east = _page(client, auth, campuses.a, "student", "/checklists")
    west = _page(client, auth, campuses.b, "student", "/checklists")
    assert "1 overdue" in east and "Due today" not in east
    assert "overdue" not in west.lower() and "Due today" in west
    # The student home judges the same way (its snapshot is cached under the campus day).
    east_home = _page(client, auth, campuses.a, "student", "/")
    west_home = _page(client, auth, campuses.b, "student", "/")
    assert "past due" in east_home and ">Overdue<" in east_home
    assert "past due" not in west_home and ">Due today<" in west_home


def test_advisors_see_the_campus_day_too(campuses, frozen, client, auth):
    for tenant, level in ((campuses.a, "At risk"), (campuses.b, "Not started")):
        cohort = tenant.cohort.id
        board = _page(client, auth, tenant, "advisor", f"/cohorts/{cohort}")
        assert level in _row(board, tenant)
        detail = _page(
            client, auth, tenant, "advisor", f"/cohorts/{cohort}/students/{tenant.student.id}"
        )
        assert (">Overdue<" in detail) is (tenant is campuses.a)
        assert (">Due today<" in detail) is (tenant is campuses.b)


def test_an_item_turns_overdue_at_campus_midnight_not_utc(campuses, frozen, client, auth):
    """Pago Pago's 30 November ends at 11:00 UTC on 1 December; the cached home page turns
    with it (a cache keyed on the UTC date would keep serving 'due today')."""
    frozen(datetime(2026, 12, 1, 10, 59, tzinfo=UTC))
    assert ">Due today<" in _page(client, auth, campuses.b, "student", "/")
    frozen(datetime(2026, 12, 1, 11, 0, tzinfo=UTC))
    page = _page(client, auth, campuses.b, "student", "/")
    assert ">Overdue<" in page and ">Due today<" not in page
    board = _page(client, auth, campuses.b, "advisor", f"/cohorts/{campuses.b.cohort.id}")
    assert "At risk" in _row(board, campuses.b)


def test_views_are_audited_once_per_campus_day(campuses, frozen, client, auth, arrange):
    path = f"/{campuses.a.slug}/cohorts/{campuses.a.cohort.id}"
    auth.login_as(campuses.a.advisor)
    # Kiritimati's day begins at 10:00 UTC: 09:59 and 10:00 are two campus days.
    for moment in (NOON - timedelta(hours=2, minutes=1), NOON - timedelta(hours=2)):
        frozen(moment)
        assert client.get(path).status_code == 200
    count = select(func.count()).where(AuditEvent.action == "readiness.dashboard_viewed")
    assert db.session.execute(count).scalar() == 2
    client.get(path)  # the same campus day again: nothing new
    assert db.session.execute(count).scalar() == 2


def test_times_are_shown_on_the_campus_clock(app, world, frozen, client, auth, arrange):
    institution = db.session.get(Institution, world.a.institution.id)
    institution.time_zone = "America/Chicago"
    db.session.commit()
    with app.test_request_context():
        g.institution = institution
        assert local_time(NOON) == "30 Nov 2026 06:00 CST"
        assert local_time(datetime(2026, 11, 30, 3, 0)) == "29 Nov 2026 21:00 CST"
        assert local_time(None) == ""
        g.institution = None
        assert local_time(NOON, "%H:%M %Z") == "12:00 UTC"
    auth.login_as(world.a.admin)
    page = client.get(f"/{world.a.slug}/members/{world.a.admin.id}").get_data(as_text=True)
    # Signed in at the frozen noon UTC: shown as 06:00 in Chicago, machine-readable offset kept.
    assert '<time datetime="2026-11-30T06:00:00-0600">2026-11-30 06:00 CST</time>' in page


def test_demo_campuses_run_on_their_own_clocks(runner, arrange):
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    zones = dict(db.session.execute(select(Institution.slug, Institution.time_zone)).all())
    assert zones == {"northfield": "America/Chicago", "lakeside": "America/Los_Angeles"}
