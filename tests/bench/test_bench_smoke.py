"""The bench harness without load: a tiny volume seeds, every scenario's page answers 200."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bench import volume
from bench.load import Measurement
from bench.results import judge
from bench.scenarios import BASELINE, SCENARIOS, Scenario
from careercenter import demo
from careercenter.cohorts.models import CohortStudent
from careercenter.extensions import db
from careercenter.tenancy.models import Membership, Role
from careercenter.tenancy.scoping import tenant_scope


@pytest.fixture
def seeded(arrange):
    return volume.seed_volume(volume.TINY)


def test_tiny_volume_seeds_both_institutions(seeded):
    main, size = seeded.main, volume.TINY.main
    assert len(main.students) == size.students + 1  # the demo student comes first
    assert len(main.cohorts) == size.cohorts
    with tenant_scope(main.institution):
        students = db.session.execute(
            select(func.count()).select_from(Membership).where(Membership.role == Role.STUDENT)
        ).scalar_one()
        in_big_cohort = db.session.execute(
            select(func.count())
            .select_from(CohortStudent)
            .where(CohortStudent.cohort_id == main.ids["cohort_id"])
        ).scalar_one()
    # The volume comes on top of the demo data (which later capabilities may grow).
    assert students >= size.students + len(demo.STUDENTS[main.slug])
    assert in_big_cohort == size.big_cohort
    assert seeded.other.students and set(seeded.other.students).isdisjoint(main.students)


def test_volume_steps_run_once_per_institution(arrange, monkeypatch):
    seen = []
    monkeypatch.setattr(volume, "_steps", [*volume._steps])
    volume.volume_step(lambda tenant: seen.append((tenant.slug, tenant.is_main)))
    volume.seed_volume(volume.TINY)
    assert seen == [("northfield", True), ("lakeside", False)]


def test_every_scenario_path_answers_200_for_its_role(seeded, client):
    values = seeded.path_values()
    for scenario in [BASELINE, *SCENARIOS]:
        client.post("/logout")
        if scenario.role:
            email = f"{scenario.role}@{values['slug']}.example"
            response = client.post("/login", data={"email": email, "password": demo.DEMO_PASSWORD})
            assert response.status_code == 302, f"{scenario.name}: sign-in failed"
        path = scenario.url_path(values)
        assert client.get(path).status_code == 200, f"{scenario.name}: {path}"


def _measured(rps: float, non2xx: int = 0) -> Measurement:
    return Measurement(int(rps * 10), 10.0, non2xx, 0, 0, 1.0, 2.0, 3.0)


def test_a_scenario_fails_below_its_ratio_or_with_non_2xx():
    outcomes = {"baseline": 1000.0}
    base = judge(BASELINE, "/ping", _measured(1000), outcomes)
    assert base.ratio is None
    home = Scenario("home", "admin", "/{slug}/", min_ratio=0.2)
    assert base.passed
    assert judge(home, "/x/", _measured(250), outcomes).passed
    assert not judge(home, "/x/", _measured(150), outcomes).passed
    assert not judge(home, "/x/", _measured(900, non2xx=1), outcomes).passed
    floor = Scenario("pdf", "student", "/{slug}/pdf", min_rps=20)
    assert not judge(floor, "/x/pdf", _measured(10), outcomes).passed
