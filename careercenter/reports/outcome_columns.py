"""The per-student CSV's outcome columns: which steps of the method each student reached.

One column per step (`outcomes.models.Step`, in the method's order), "yes" when any of the
student's blueprints reached it; the CSV only (the PDF's table keeps to a page's width, and
the outcomes report, `/<slug>/outcomes`, shows the conversions). The steps of a batch are
read in one query, shared by the six columns (each asks for the same batch in turn).
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import g
from sqlalchemy import select

from ..extensions import db
from ..outcomes.models import Outcome, Step
from ..plans.models import Plan
from .columns import register_column


def _steps_of(membership_ids: list[int]) -> dict[int, set[Step]]:
    """Return the steps each student reached, read once per batch (kept on `g`: one export's
    batch, never another request's)."""
    key = tuple(membership_ids)
    last = g.get("_report_outcome_steps")
    if last is not None and last[0] == key:
        return last[1]
    reached: dict[int, set[Step]] = {}
    rows = db.session.execute(
        select(Plan.owner_id, Outcome.step)
        .join(Plan, Plan.id == Outcome.plan_id)
        .where(Plan.owner_id.in_(membership_ids))
        .distinct()
    )
    for owner_id, step in rows:
        reached.setdefault(owner_id, set()).add(step)
    g._report_outcome_steps = (key, reached)
    return reached


def _column(step: Step):
    def fetch(membership_ids: list[int], cohort_ids: list[int]) -> Mapping[int, object]:
        reached = _steps_of(membership_ids)
        return {member: "yes" for member, steps in reached.items() if step in steps}

    return fetch


for _order, _step in enumerate(Step, start=70):
    register_column(_step.label, _column(_step), order=_order, in_pdf=False)
