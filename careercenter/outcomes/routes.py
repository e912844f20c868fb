"""`/<slug>/outcomes`: record what happened on a blueprint, and the conversion report."""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from ..actions import apply_change
from ..auth.permissions import roles_required, staff_required
from ..cohorts.models import Cohort
from ..cohorts.permissions import require_follow_cohort
from ..extensions import db
from ..formcheck import form_accepted
from ..nav import register_nav
from ..tenancy import clock
from ..tenancy.models import Role
from ..tenancy.scoping import get_or_404
from . import (
    panel,  # noqa: F401 - registers the blueprint page's panel
    services,
)
from .chart import funnel_chart
from .forms import ClearForm, StepForm
from .models import Step
from .permissions import require_recordable
from .report import FUNNEL, Filters, conversion_report, scope_cohorts

bp = Blueprint("outcomes", __name__, url_prefix="/outcomes")

register_nav("outcomes.report", "Outcomes", [Role.ADMIN, Role.ADVISOR], order=45)


def _step(value: str) -> Step:
    try:
        return Step(value)
    except ValueError:
        abort(404)


def _back(plan_id: int):
    return redirect(url_for("plans.show", plan_id=plan_id) + "#outcomes")


@bp.post("/blueprints/<int:plan_id>/<step>")
@roles_required(Role.STUDENT, Role.ADVISOR)
def record(plan_id: int, step: str):
    """Record (or correct) one step of a blueprint: when it happened, and who says so."""
    chosen = _step(step)
    plan = require_recordable(plan_id, g.membership)
    form = StepForm(prefix=chosen.value)
    if form_accepted(form):
        agreed = {"yes": True, "no": False}.get(form.sponsor.data or "")
        happened_on = form.happened_on.data
        assert happened_on is not None  # InputRequired
        apply_change(
            lambda: services.record_step(
                plan, chosen, g.membership, happened_on, agreed, form.version.data
            ),
            stale_message=services.STALE,
        )
    return _back(plan_id)


@bp.post("/blueprints/<int:plan_id>/<step>/clear")
@roles_required(Role.STUDENT, Role.ADVISOR)
def clear(plan_id: int, step: str):
    """Clear a step recorded by mistake."""
    chosen = _step(step)
    plan = require_recordable(plan_id, g.membership)
    form = ClearForm(prefix=f"clear-{chosen.value}")
    if form_accepted(form):
        apply_change(lambda: services.clear_step(plan, chosen, form.version.data))
    return _back(plan_id)


def _render(filters: Filters, cohort: Cohort | None = None):
    cohorts = db.session.execute(scope_cohorts(g.membership)).scalars().all()
    report = conversion_report(g.membership, filters, clock.utc_now())
    stage_chart = funnel_chart(report.by_stage)
    return render_template(
        "outcomes/report.html",
        report=report,
        chart=stage_chart,
        cohorts=cohorts,
        terms=sorted({c.term for c in cohorts if c.term}),
        cohort=cohort,
        funnel=FUNNEL,
    )


@bp.get("")
@staff_required
def report():
    """The conversion report over the cohorts the member follows, filtered by term and cohort."""
    term = request.args.get("term", "")[:60]
    cohort_id = request.args.get("cohort", type=int)
    return _render(Filters(term=term, cohort_id=cohort_id))


@bp.get("/cohorts/<int:cohort_id>")
@staff_required
def cohort_report(cohort_id: int):
    """The conversion report of one cohort."""
    cohort = get_or_404(Cohort, cohort_id)
    require_follow_cohort(cohort, g.membership)
    return _render(Filters(cohort_id=cohort.id), cohort)
