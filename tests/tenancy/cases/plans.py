"""Cross-tenant cases for the 90-Day Blueprint routes (objects of world.b)."""

from __future__ import annotations

from ...plans.helpers import make_plan, typical_content
from . import case


def _plan(world, submit=False):
    return {"plan_id": make_plan(world.b, content=typical_content(), submit=submit)}


for _endpoint in ("plans.show", "plans.pdf", "plans.print_view"):
    case(_endpoint, role="student")(_plan)
for _endpoint in ("plans.save", "plans.autosave", "plans.submit", "plans.withdraw"):
    case(_endpoint, role="student", method="POST")(_plan)


@case("plans.revision", role="student")
def _revision(world):
    return {**_plan(world, submit=True), "number": 1}
