"""The checklists Flask blueprint, its navigation, and the commit helper its views share."""

from __future__ import annotations

from flask import Blueprint

from ..actions import Outcome, apply_change
from ..cohorts.panels import register_cohort_panel
from ..nav import register_home_link, register_nav
from ..tenancy.models import Role
from . import services

bp = Blueprint("checklists", __name__, url_prefix="/checklists")
register_nav("checklists.index", "Checklists", list(Role), order=20)
register_home_link(Role.ADMIN, "checklists.index", "Build and assign checklists", "", 20)
register_home_link(
    Role.ADVISOR, "checklists.index", "Verify checklist items", "work students marked done", 20
)
register_cohort_panel(
    "checklists/_cohort_assignments.html",
    lambda cohort: {"assignments": services.cohort_assignments(cohort.id)},
)


@bp.app_template_filter("web_link")
def web_link_filter(url: str | None) -> str | None:
    """Let templates link to evidence only when it is an http(s) address."""
    from .progress import web_link

    return web_link(url)


def run_action(action, *args, what="this checklist", **kwargs) -> Outcome:
    """Apply a service action and commit; flash the reason when it is refused or stale."""
    return apply_change(lambda: action(*args, **kwargs), stale_message=services.stale(what))
