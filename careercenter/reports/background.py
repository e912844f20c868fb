"""Large exports made in the background: the request creates an `Export`, a job fills it.

The job runs through `jobs.py` (RQ with Redis, a local thread otherwise) and writes its
progress to the row as it goes, so the status page of any app host can show it. Files are
kept a day (`models.KEEP_FOR`), then `flask reports purge` deletes them.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import delete, select

from ..audit import record
from ..extensions import db
from ..jobs import enqueue_after_commit
from ..pdf import PdfRenderError
from ..tenancy import clock
from ..tenancy.models import Institution, Membership
from ..tenancy.scoping import tenant_scope, unscoped
from .exports import audit_export, report_pdf
from .models import Export, ExportStatus
from .scope import ReportFilters as Filters
from .scope import ReportScope, report_scope
from .storage import storage

# xhtml2pdf lays out ~150 student rows a CPU second: 10,000 students need about a minute
# alone, more on a busy worker. A request keeps the renderer's default of 60 s; a job may use
# what RQ gives it (JOBS_TIMEOUT) but a margin to record the failure.


def render_seconds() -> float:
    """Return how long a background render may take: the job's time less half a minute."""
    return max(60.0, float(current_app.config["JOBS_TIMEOUT"]) - 30)


reports_cli = AppGroup("reports", help="Report exports.")


def start_pdf_export(scope: ReportScope, requester: Membership, students: int) -> Export:
    """Create the export row, audit the request and queue its job for after the commit.

    The same export still waiting or running for the same person is returned instead (a
    double click, a second tab), so one report is not laid out twice at once.
    """
    filters = {**scope.audit_filters(), "fixed": scope.fixed.id if scope.fixed else None}
    active = db.session.execute(
        select(Export).where(
            Export.requester_id == requester.id,
            Export.status.in_([ExportStatus.QUEUED, ExportStatus.RUNNING]),
        )
    ).scalars()
    for export in active:
        if export.filters == filters:
            return export
    today = clock.local_today(requester.institution)
    export = Export(
        requester_id=requester.id,
        kind="pdf",
        filters=filters,
        students=students,
        filename=f"readiness-{today.isoformat()}.pdf",
        content_type="application/pdf",
        step="Waiting to start",
    )
    db.session.add(export)
    db.session.flush()
    audit_export("reports.export_requested", scope, students, export_id=export.id, format="pdf")
    enqueue_after_commit(make_export, export.id, requester.institution_id)
    return export


def _update(export: Export, percent: int, step: str) -> None:
    export.progress, export.step = percent, step
    db.session.commit()


def make_export(export_id: int, institution_id: int) -> None:
    """Render export `export_id` (a job): the requester's scope, as it resolves now."""
    institution = db.session.get(Institution, institution_id)
    if institution is None:
        return
    with tenant_scope(institution):
        export = db.session.get(Export, export_id)
        if export is None or export.status is not ExportStatus.QUEUED:
            return
        export.status = ExportStatus.RUNNING
        _update(export, 5, "Reading the report")
        requester = export.requester
        stored = export.filters
        scope = report_scope(requester, Filters.from_args(stored), cohort_id=stored.get("fixed"))
        try:
            data, students = report_pdf(
                institution,
                scope,
                clock.utc_now(),
                lambda p, s: _update(export, p, s),
                max_seconds=render_seconds(),
            )
        except Exception as error:  # a failed export must say so, not spin forever
            db.session.rollback()
            export.status, export.step = ExportStatus.FAILED, "Failed"
            export.error = "The PDF could not be made"
            db.session.commit()
            if not isinstance(error, PdfRenderError):
                raise  # logged by jobs.py (and retried by RQ, which finds it not queued)
            current_app.logger.error("Export %s failed: %s", export_id, error)
            return
        storage().save(export, data)
        export.students = students
        export.status, export.progress, export.step = ExportStatus.DONE, 100, "Ready"
        export.finished_at = clock.utc_now()
        db.session.commit()


def download(export: Export) -> bytes | None:
    """Return the file of a finished export, audited, or None when it is gone."""
    data = storage().read(export)
    if data is not None:
        record("reports.export_downloaded", export, students=export.students)
    return data


def purge_expired() -> int:
    """Delete every expired export of every institution; return how many."""
    with unscoped():
        result = db.session.execute(
            delete(Export).where(Export.expires_at <= clock.utc_now()),
            execution_options={"synchronize_session": False},
        )
        db.session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


@reports_cli.command("purge")
def purge_command() -> None:
    """Delete export files older than a day (run it hourly from cron or a timer)."""
    click.echo(f"Deleted {purge_expired()} expired export(s).")
