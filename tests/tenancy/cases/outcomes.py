"""Cross-tenant cases for the outcomes routes (objects of world.b)."""

from __future__ import annotations

from ...plans.helpers import make_plan, typical_content
from . import case


def _plan(world):
    return {"plan_id": make_plan(world.b, content=typical_content()), "step": "first_interview"}


case("outcomes.record", role="student", method="POST")(_plan)
case("outcomes.clear", role="student", method="POST")(_plan)


@case("outcomes.cohort_report", role="admin")
def _cohort(world):
    return {"cohort_id": world.b.cohort.id}
