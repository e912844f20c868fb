"""Sections other capabilities add to a blueprint's page, registered where they live.

Plans sit below the capabilities that build on a blueprint (outcomes record what happened at
the interviews), so the blueprint's page does not import them: each registers a template and
the values it needs, shown on the owner's editor and on the staff's reading view alike.
A notice is the same for the editor's "changes requested" banner (reviews: what to change).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import g

from .models import Plan


@dataclass(frozen=True)
class PlanPanel:
    template: str
    values: Callable[[Plan, Any], dict[str, Any]]
    order: int


_panels: dict[str, PlanPanel] = {}


def register_plan_panel(
    template: str, values: Callable[[Plan, Any], dict[str, Any]], order: int = 50
) -> None:
    """Show `template` on a blueprint's page, with `values(plan, membership)` as `panel`."""
    _panels[template] = PlanPanel(template, values, order)


def plan_panels(plan: Plan) -> list[tuple[str, dict[str, Any]]]:
    """Return (template, values) for every registered section, in order, for the viewer."""
    panels = sorted(_panels.values(), key=lambda p: (p.order, p.template))
    return [(p.template, p.values(plan, g.membership)) for p in panels]


_notices: dict[str, PlanPanel] = {}


def register_plan_notice(
    template: str, values: Callable[[Plan, Any], dict[str, Any]], order: int = 50
) -> None:
    """Show `template` as the owner's "changes requested" banner, with `values` as `panel`.

    Empty values show nothing: with no notice to show, the editor says it in general words.
    """
    _notices[template] = PlanPanel(template, values, order)


def plan_notices(plan: Plan) -> list[tuple[str, dict[str, Any]]]:
    """Return (template, values) for every registered notice, in order, for the viewer."""
    notices = sorted(_notices.values(), key=lambda p: (p.order, p.template))
    shown = [(p.template, p.values(plan, g.membership)) for p in notices]
    return [(template, values) for template, values in shown if values]
