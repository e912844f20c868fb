"""Report pages and exports: the institution's (or an advisor's cohorts'), and a cohort's."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, abort, g, render_template, request
from markupsafe import Markup
from werkzeug.wrappers import Response

from ..auth.permissions import staff_required
from ..cohorts.models import Cohort
from ..cohorts.permissions import require_follow_cohort
from ..csvio import csv_response
from ..extensions import db, limiter
from ..nav import register_home_link, register_nav
from ..pdf import PdfRenderError
from ..tenancy import clock, get_or_404
from ..tenancy.models import Institution, Role
from ..tenancy.scoping import tenant_scope
from . import queries
from .cache import cached
from .exports import (
    AGGREGATE_HEADER,
    aggregate_rows,
    audit_export,
    report_pdf,
    student_header,
    student_rows,
)
from .forms import StartExportForm
from .numbers import suppression_rule
from .scope import ReportFilters, ReportScope, report_scope
from .summary import Report

bp = Blueprint("reports", __name__)
# A PDF of a thousand students costs seconds of CPU: each person may ask for a few a minute
# (a direct PDF, or a background one started), shared across the PDF endpoints.
pdf_limit = limiter.shared_limit(
    "10 per minute", scope="report-pdf", key_func=lambda: f"report-pdf:{g.membership.user_id}"
)
register_nav("reports.index", "Reports", [Role.ADMIN, Role.ADVISOR], order=60)
register_home_link(Role.ADMIN, "reports.index", "Read readiness reports", "and export them", 60)
register_home_link(Role.ADVISOR, "reports.index", "Read your cohorts' report", "", 60)


def _scope(cohort_id: int | None = None) -> ReportScope:
    """Return the scope the request asks for; a cohort's own report needs its follower."""
    if cohort_id is not None:
        cohort = get_or_404(Cohort, cohort_id)
        require_follow_cohort(cohort, g.membership)
    return report_scope(g.membership, ReportFilters.from_args(request.args), cohort_id)


def _page(scope: ReportScope):
    cohort_page = scope.fixed is not None

    def figures(report: Report) -> str:
        return render_template("reports/_figures.html", report=report, fixed=cohort_page)

    variant = "cohort page" if cohort_page else "page"
    entry = cached(g.institution, scope.cohort_ids, clock.utc_now(), variant, figures)
    fixed = {"cohort_id": scope.fixed.id} if scope.fixed else {}
    args = {} if scope.fixed else scope.filters.as_args()
    return render_template(
        "reports/index.html",
        scope=scope,
        report=entry.report,
        figures=Markup(entry.html),  # noqa: S704 - rendered by our autoescaped template
        args=args,
        fixed=fixed,
        threshold=g.institution.report_min_cell,
        rule=suppression_rule(g.institution.report_min_cell),
    )


@bp.get("/reports")
@staff_required
def index():
    """Show the readiness report of the cohorts the filters select."""
    return _page(_scope())


@bp.get("/cohorts/<int:cohort_id>/report")
@staff_required
def cohort(cohort_id: int):
    """Show one cohort's readiness report."""
    return _page(_scope(cohort_id))


def _filename(scope: ReportScope, stem: str, suffix: str) -> str:
    day = clock.local_today(g.institution).isoformat()
    where = f"-cohort-{scope.fixed.id}" if scope.fixed else ""
    return f"{stem}{where}-{day}.{suffix}"


def _in_tenant(institution: Institution, rows: Iterator[list[object]]) -> Iterator[list[object]]:
    """Yield `rows` inside the institution: a stream outlives the request's tenant teardown."""
    with tenant_scope(institution):
        yield from rows


def _students_csv(scope: ReportScope) -> Response:
    count = queries.student_count(scope.cohort_ids)
    audit_export("reports.csv_exported", scope, count, format="csv")
    db.session.commit()  # the audit row is kept even if the download is cut short
    institution, now, ids = g.institution, clock.utc_now(), scope.cohort_ids
    return csv_response(
        _filename(scope, "readiness", "csv"),
        student_header(),
        _in_tenant(institution, student_rows(institution, ids, now)),
    )


@bp.get("/reports/readiness.csv")
@staff_required
def readiness_csv():
    """Download one row per student of the selected cohorts (staff only; audited)."""
    return _students_csv(_scope())


@bp.get("/cohorts/<int:cohort_id>/readiness.csv")
@staff_required
def cohort_csv(cohort_id: int):
    """Download one row per student of a cohort (staff only; audited)."""
    return _students_csv(_scope(cohort_id))


@bp.get("/reports/aggregate.csv")
@staff_required
def aggregate_csv():
    """Download the aggregate counts only, small cells suppressed (fit to leave the center)."""
    scope = _scope()
    count = queries.student_count(scope.cohort_ids)
    audit_export("reports.aggregate_exported", scope, count, format="csv")
    db.session.commit()
    rows = list(aggregate_rows(g.institution, scope, clock.utc_now()))
    return csv_response(_filename(scope, "readiness-aggregate", "csv"), AGGREGATE_HEADER, rows)


def _pdf(scope: ReportScope):
    count = queries.student_count(scope.cohort_ids)
    if count > g.institution.export_background_threshold:
        form = StartExportForm(
            formdata=None,
            data={**scope.filters.as_args(), "scope_cohort": scope.fixed.id if scope.fixed else ""},
        )
        return render_template(
            "reports/start_export.html", scope=scope, count=count, form=form
        ), 202
    try:
        data, students = report_pdf(g.institution, scope, clock.utc_now())
    except PdfRenderError:
        abort(500)
    audit_export("reports.pdf_exported", scope, students, format="pdf")
    db.session.commit()
    response = Response(data, mimetype="application/pdf")
    name = _filename(scope, "readiness", "pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/reports/readiness.pdf")
@staff_required
@pdf_limit
def readiness_pdf():
    """Download the PDF report (made in the background above the institution's threshold)."""
    return _pdf(_scope())


@bp.get("/cohorts/<int:cohort_id>/readiness.pdf")
@staff_required
@pdf_limit
def cohort_pdf(cohort_id: int):
    """Download a cohort's PDF report."""
    return _pdf(_scope(cohort_id))
