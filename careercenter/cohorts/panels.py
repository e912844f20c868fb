"""Sections other capabilities add to a cohort's people page, registered where they live.

Cohorts sit below the capabilities that use them (checklists are assigned to a cohort), so the
people page does not import them: each registers a template and the values it needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import Cohort


@dataclass(frozen=True)
class CohortPanel:
    template: str
    values: Callable[[Cohort], dict[str, Any]]
    order: int


_panels: dict[str, CohortPanel] = {}


def register_cohort_panel(
    template: str, values: Callable[[Cohort], dict[str, Any]], order: int = 50
) -> None:
    """Show `template` on a cohort's people page, rendered with `values(cohort)` as `panel`."""
    _panels[template] = CohortPanel(template, values, order)


def cohort_panels(cohort: Cohort) -> list[tuple[str, dict[str, Any]]]:
    """Return (template, values) for every registered section, in order."""
    panels = sorted(_panels.values(), key=lambda p: (p.order, p.template))
    return [(p.template, p.values(cohort)) for p in panels]
