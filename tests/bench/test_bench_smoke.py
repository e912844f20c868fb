"""The bench harness without load: a tiny volume seeds, every scenario's page answers 200."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bench import floors, volume
from bench.floors import Floor
from bench.load import Measurement
from bench.results import judge
from bench.scenarios import BASELINE, SCENARIOS, Scenario
from careercenter import demo
from careercenter.cohorts.models import CohortStudent
from careercenter.extensions import db
from careercenter.tenancy.models import Membership, Role
from careercenter.tenancy.scoping import tenant_scope


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


def test_volume_steps_run_once_per_institution(arrange, fast_page_counts, monkeypatch):
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
        response = client.get(path)
        assert response.status_code == 200, f"{scenario.name}: {path}"
        if scenario.content_type:
            assert response.mimetype == scenario.content_type, f"{scenario.name}: {path}"
    pdf = next(s for s in SCENARIOS if s.content_type == "application/pdf")
    assert pdf.url_path(values).endswith(f"/blueprints/{values['plan_id']}.pdf")


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


def test_a_latency_floor_judges_the_median_and_leaves_the_throughput_ratio_out():
    pdf = Scenario("pdf", "student", "/x.pdf", connections=1, floor="render", max_p50_ratio=2.0)
    reference = {"baseline": 1000.0}
    floor = {"render": Floor("render", "timed", median_ms=10.0, p90_ms=12.0, samples=5)}
    fast = judge(pdf, "/x.pdf", Measurement(100, 10.0, 0, 0, 0, 19.0, 25.0, 40.0), reference, floor)
    assert fast.passed and fast.floor_ratio == pytest.approx(1.9) and fast.ratio is None
    slow = judge(pdf, "/x.pdf", Measurement(100, 10.0, 0, 0, 0, 21.0, 25.0, 40.0), reference, floor)
    assert not slow.passed and "floor" in slow.problems[0]
    assert not judge(pdf, "/x.pdf", _measured(100), reference).passed  # floor never measured


def test_the_pdf_floor_renders_the_html_the_endpoint_serves(seeded, arrange):
    url, values = arrange.config["SQLALCHEMY_DATABASE_URI"], seeded.path_values()
    html = floors.leave_behind_html(url, values["slug"], values["plan_id"])
    assert "Riverbend Regional Health" in html and "<html" in html.lower()
    floor = floors.pdf_render(url, values, samples=2, warm_up=0)
    assert floor.samples == 2 and 0 < floor.median_ms <= floor.p90_ms


def test_the_stricter_of_two_floor_measurements_counts():
    before = Floor("render", "timed just before the scenario's load", 30.0, 33.0, 30)
    after = Floor("render", "timed just before the scenario's load", 12.0, 14.0, 30)
    floor = floors.stricter(before, after)
    assert (floor.median_ms, floor.p90_ms, floor.samples) == (12.0, 14.0, 60)
    assert "30.0 ms before and 12.0 ms after" in floor.what
