"""The "What happened" panel on a blueprint's page (registered with plans/panels.py)."""

from __future__ import annotations

from typing import Any

from ..cohorts.panels import register_cohort_panel
from ..plans.models import Plan
from ..plans.panels import register_plan_panel
from . import services
from .forms import ClearForm, StepForm
from .models import Step
from .permissions import can_record


def _values(plan: Plan, member: Any) -> dict[str, Any]:
    steps = services.plan_outcomes(plan)
    editable = can_record(plan, member)
    forms = {}
    if editable:
        for view in steps:
            suggested = view.happened_on or services.default_date(plan, view.step)
            sponsor = (
                ""
                if view.outcome is None or view.outcome.sponsor_agreed is None
                else ("yes" if view.outcome.sponsor_agreed else "no")
            )
            step_form = StepForm(
                prefix=view.step.value,
                formdata=None,
                data={"happened_on": suggested, "sponsor": sponsor, "version": view.version},
            )
            clear_form = ClearForm(
                prefix=f"clear-{view.step.value}", formdata=None, data={"version": view.version}
            )
            forms[view.step] = (step_form, clear_form)
    return {
        "plan": plan,
        "steps": steps,
        "editable": editable,
        "forms": forms,
        "hook": Step.HOOK_ASKED,
    }


register_plan_panel("outcomes/_panel.html", _values, order=10)
# A link on the cohort's people page to its report (no query: the report counts).
register_cohort_panel(
    "outcomes/_cohort_link.html", lambda cohort: {"cohort_id": cohort.id}, order=60
)
