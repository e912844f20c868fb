"""`flask institutions create --time-zone`: the campus clock from the first day."""

from __future__ import annotations

from sqlalchemy import select

from careercenter.extensions import db
from careercenter.tenancy.models import Institution

ARGS = ["institutions", "create", "--slug", "riverside", "--name", "Riverside", "--admin-email"]


def test_create_takes_a_time_zone(runner, arrange):
    result = runner.invoke(args=[*ARGS, "a@r.example", "--time-zone", " America/Denver "])
    assert result.exit_code == 0, result.output
    assert "(America/Denver)" in result.output
    assert db.session.execute(select(Institution.time_zone)).scalar_one() == "America/Denver"
    listed = runner.invoke(args=["institutions", "list"])
    assert "America/Denver" in listed.output


def test_the_zone_defaults_to_utc(runner, arrange):
    assert runner.invoke(args=[*ARGS, "a@r.example"]).exit_code == 0
    assert db.session.execute(select(Institution.time_zone)).scalar_one() == "UTC"


def test_an_unknown_zone_creates_nothing(runner, arrange):
    result = runner.invoke(args=[*ARGS, "a@r.example", "--time-zone", "Mars/Olympus"])
    assert result.exit_code != 0
    assert "“Mars/Olympus” is not a known time zone" in result.output
    assert db.session.execute(select(Institution)).first() is None
