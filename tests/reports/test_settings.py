"""The reports settings page: bounds, stale saves, audit; the purge command."""

from __future__ import annotations

from sqlalchemy import select

from careercenter.audit import AuditEvent
from careercenter.extensions import db
from careercenter.institutions.settings import settings_fingerprint
from careercenter.tenancy.models import Institution

FIELDS = ("report_min_cell", "export_background_threshold")


def _post(client, world, **values):
    data = {"report_min_cell": 10, "export_background_threshold": 1000, **values}
    if "loaded" not in values:
        data["loaded"] = settings_fingerprint(world.a.institution, FIELDS)
    return client.post(f"/{world.a.slug}/settings/reports", data=data)


def test_admin_sets_thresholds(world, auth, client, arrange):
    auth.login_as(world.a.admin)
    page = client.get(f"/{world.a.slug}/settings/reports").get_data(as_text=True)
    assert 'value="10"' in page and 'value="1000"' in page
    assert (
        _post(client, world, report_min_cell=5, export_background_threshold=200).status_code == 302
    )
    institution = db.session.get(Institution, world.a.institution.id)
    db.session.refresh(institution)
    assert (institution.report_min_cell, institution.export_background_threshold) == (5, 200)
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "settings.reports")
    ).scalar_one()
    assert event.detail["changes"]["report_min_cell"] == [10, 5]


def test_out_of_range_and_stale_saves_change_nothing(world, auth, client, arrange):
    auth.login_as(world.a.admin)
    for bad in (4, 31, "ten"):
        response = _post(client, world, report_min_cell=bad)
        assert response.status_code == 400
        assert "whole number from 5 to 30" in response.get_data(as_text=True) or bad == "ten"
    assert _post(client, world, loaded="stale").status_code == 409
    institution = db.session.get(Institution, world.a.institution.id)
    db.session.refresh(institution)
    assert institution.report_min_cell == 10


def test_purge_command(runner):
    result = runner.invoke(args=["reports", "purge"])
    assert result.exit_code == 0
    assert "Deleted 0 expired export(s)." in result.output
