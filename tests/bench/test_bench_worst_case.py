"""The bench's worst-case blueprint: seeded raw, rendered by its own floor, held under 0.5 s."""

from __future__ import annotations

from sqlalchemy import JSON, select, type_coerce

from bench import floors
from bench.floors import Floor
from bench.load import Measurement
from bench.results import judge
from bench.scenarios import SCENARIOS
from careercenter.extensions import db
from careercenter.plans.models import Plan
from careercenter.tenancy.scoping import tenant_scope


def test_the_worst_case_floor_renders_the_raw_worst_case_draft(seeded, arrange):
    url, values = arrange.config["SQLALCHEMY_DATABASE_URI"], seeded.path_values()
    with tenant_scope(seeded.main.institution):
        plan = db.session.get(Plan, values["worst_plan_id"])
        assert plan.owner_id == seeded.main.demo.student.id
        stored = db.session.scalar(
            select(type_coerce(Plan.content, JSON)).where(Plan.id == plan.id)
        )
        assert "R&D\u00a0R&D" in stored["impact"]  # stored as older saves could store it
        assert "\u00a0" not in plan.content.impact  # and read as plain spaces
    html = floors.leave_behind_html(url, values["slug"], values["worst_plan_id"])
    assert "R&amp;D R&amp;D" in html and "\u00a0" not in html  # plain spaces when rendered
    floor = floors.FLOORS[floors.WORST_CASE](url, values, samples=1, warm_up=0)
    assert floor.name == floors.WORST_CASE and floor.samples == 1
    scenario = next(s for s in SCENARIOS if s.floor == floors.WORST_CASE)
    assert scenario.url_path(values).endswith(f"/blueprints/{values['worst_plan_id']}.pdf")


def test_a_floor_over_its_ceiling_fails_the_scenario():
    scenario = next(s for s in SCENARIOS if s.floor == floors.WORST_CASE)
    served = Measurement(100, 10.0, 0, 0, 0, 5.0, 6.0, 8.0)
    fast = {floors.WORST_CASE: Floor(floors.WORST_CASE, "timed", 300.0, 320.0, 30)}
    slow = {floors.WORST_CASE: Floor(floors.WORST_CASE, "timed", 2200.0, 2300.0, 30)}
    assert judge(scenario, "/x.pdf", served, {}, fast).passed
    outcome = judge(scenario, "/x.pdf", served, {}, slow)
    assert outcome.problems == ["floor 2200 ms > 500 ms"]
