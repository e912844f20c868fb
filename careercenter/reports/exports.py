"""The export files: per-student CSV (streamed), aggregate CSV and the PDF report.

The per-student CSV reads students `BATCH` at a time (one streamed query for their readiness,
one per batch for each registered column), so its memory stays flat in the number of
students. Every export is audited with who asked, the filters and how many students.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import islice

from flask import render_template

from ..audit import record
from ..pdf import render_pdf
from ..readiness.queries import cohorts_students_facts
from ..readiness.rules import assess
from ..tenancy import clock
from ..tenancy.models import Institution
from . import outcome_columns as _outcome_columns  # noqa: F401  (registers its columns)
from . import queries
from .cache import cached_report
from .columns import columns_after, columns_before, register_column
from .numbers import suppression_rule
from .scope import ReportScope
from .summary import aggregate_tables

BATCH = 500
READINESS_HEADER = [
    "Level",
    "Score",
    "Completion (%)",
    "Required items complete",
    "Required items",
    "Overdue items",
    "Blueprint stage",
]

register_column("Cohorts", queries.cohort_names, order=10)


def student_header(pdf: bool = False) -> list[str]:
    """Return the per-student CSV's header (`pdf`: the PDF table's, without CSV-only columns)."""
    return [
        "Name",
        "Email",
        *(c.header for c in columns_before(pdf)),
        *READINESS_HEADER,
        *(c.header for c in columns_after(pdf)),
        "Last activity",
    ]


def student_rows(
    institution: Institution,
    cohort_ids: list[int],
    now: datetime,
    batch: int = BATCH,
    pdf: bool = False,
) -> Iterator[list[object]]:
    """Yield one row per student of `cohort_ids`, by name, reading `batch` students at a time
    (`pdf`: the PDF table's columns)."""
    today = clock.local_today(institution, now)
    zone = clock.zone_of(institution)
    weight = institution.checklist_weight
    facts = cohorts_students_facts(today, cohort_ids, batch=batch)
    while chunk := list(islice(facts, batch)):
        ids = [f.membership_id for f in chunk]
        before = [c.fetch(ids, cohort_ids) for c in columns_before(pdf)]
        after = [c.fetch(ids, cohort_ids) for c in columns_after(pdf)]
        for f in chunk:
            readiness = assess(f.facts, now, weight)
            last = f.last_activity.astimezone(zone).date().isoformat() if f.last_activity else ""
            yield [
                f.name,
                f.email,
                *(values.get(f.membership_id, "") for values in before),
                readiness.level.label,
                readiness.score,
                readiness.percent,
                f.facts.required_complete,
                f.facts.required_total,
                readiness.overdue,
                readiness.stage.label,
                *(values.get(f.membership_id, "") for values in after),
                last,
            ]


def audit_export(action: str, scope: ReportScope, students: int, **detail) -> None:
    """Record who exported what: the filters as asked and resolved, and how many students."""
    record(action, None, filters=scope.audit_filters(), students=students, **detail)


AGGREGATE_HEADER = ["Table", "Category", "Count"]


def aggregate_rows(
    institution: Institution, scope: ReportScope, now: datetime
) -> Iterator[list[object]]:
    """Yield the aggregate-only CSV: counts of students with small cells suppressed."""
    threshold = institution.report_min_cell
    report = cached_report(institution, scope.cohort_ids, now)
    yield ["Report", "Institution", institution.name]
    yield ["Report", "Filters", scope.describe()]
    yield ["Report", "Date", clock.local_today(institution, now).isoformat()]
    yield ["Report", "Suppression rule", suppression_rule(threshold)]
    for table in aggregate_tables(report, threshold):
        for cell in table.cells:
            yield [table.title, cell.label, cell.shown(threshold)]
        total = str(table.total) if table.total is not None else f"<{threshold}"
        yield [table.title, "Total", total]


Progress = Callable[[int, str], None]


def _no_progress(percent: int, step: str) -> None:
    return None


def report_pdf(
    institution: Institution,
    scope: ReportScope,
    now: datetime,
    progress: Progress = _no_progress,
    max_seconds: float | None = None,
) -> tuple[bytes, int]:
    """Render the PDF report (cover summary, then the student table); return it and its count.

    `max_seconds` lets a background export take longer than a request's render may.
    """
    threshold = institution.report_min_cell
    report = cached_report(institution, scope.cohort_ids, now)
    progress(20, "Reading students")
    rows = list(student_rows(institution, scope.cohort_ids, now, pdf=True))
    progress(40, "Laying out pages")
    html = render_template(
        "reports/pdf.html",
        institution=institution,
        report=report,
        tables=aggregate_tables(report, threshold),
        threshold=threshold,
        rule=suppression_rule(threshold),
        filters=scope.describe(),
        today=clock.local_today(institution, now),
        header=student_header(pdf=True),
        rows=rows,
    )
    pdf = render_pdf(html, max_seconds)
    progress(95, "Saving the file")
    return pdf, report.students
