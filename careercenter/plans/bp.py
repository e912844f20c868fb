"""The plans blueprint, its navigation and template helpers; every plans route module adds to it."""

from __future__ import annotations

from flask import Blueprint

from ..nav import register_home_link, register_nav
from ..stages import BlueprintStage
from ..tenancy.models import Role
from .content import PHASE_LABELS, PHASES, InsiderRole
from .panels import plan_notices, plan_panels

bp = Blueprint("plans", __name__, url_prefix="/blueprints")

register_nav("plans.index", "90-Day Blueprints", list(Role), order=40)


def _stage_is(*stages: BlueprintStage):
    return lambda facts: facts.get("blueprint_stage") in stages


# The student's next step follows their most advanced blueprint (the home page's facts).
for label, hint, stage in (
    (
        "Write your 90-Day Blueprint",
        "plan your first three months for the job you want, and bring it to the second interview",
        BlueprintStage.NONE,
    ),
    (
        "Finish your 90-Day Blueprint and submit it",
        "your advisor reviews it before your second interview",
        BlueprintStage.DRAFT,
    ),
    (
        "Make the changes your advisor asked for",
        "then submit your blueprint again",
        BlueprintStage.CHANGES_REQUESTED,
    ),
    (
        "Print your leave-behind",
        "your approved blueprint, for the end of your second interview",
        BlueprintStage.APPROVED,
    ),
):
    register_home_link(Role.STUDENT, "plans.index", label, hint, order=20, when=_stage_is(stage))
register_home_link(Role.ADVISOR, "plans.index", "Read submitted 90-Day Blueprints", order=20)
# Sections other capabilities add to a blueprint's page (plans/panels.py).
bp.add_app_template_global(plan_panels)
bp.add_app_template_global(plan_notices)


@bp.app_template_global()
def insider_label(value: str) -> str:
    """Return the label of an insider role value."""
    return InsiderRole(value).label


@bp.app_context_processor
def plan_constants():
    return {"phases": PHASES, "phase_labels": PHASE_LABELS}
