"""Large exports made in the background: the request creates an `Export`, a job fills it.

The job runs through `jobs.py` (RQ with Redis, a local thread otherwise) and writes its
progress to the row as it goes, so the status page of any app host can show it. Files are
kept a day (`models.KEEP_FOR`), then `flask reports purge` deletes them. Where the file goes
(the database, or a bucket) is `storage.py`'s business.
"""

from __future__ import annotations

from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import delete, select, update

from ..actions import rowcount
from ..audit import record
from ..extensions import db
from ..jobs import enqueue_after_commit
from ..pdf import PdfRenderError
from ..tenancy import clock
from ..tenancy.models import Institution, Membership
from ..tenancy.scoping import tenant_scope, unscoped
from . import storage
from .exports import audit_export, report_pdf
from .models import Export, ExportStatus
from .scope import ReportFilters as Filters
from .scope import ReportScope, report_scope
from .storage import StoredFile

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


def _fail(export: Export, message: str) -> None:
    db.session.rollback()
    export.status, export.step, export.error = ExportStatus.FAILED, "Failed", message
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
            _fail(export, "The PDF could not be made")
            if not isinstance(error, PdfRenderError):
                raise  # logged by jobs.py (and retried by RQ, which finds it not queued)
            current_app.logger.error("Export %s failed: %s", export_id, error)
            return
        try:
            stored = storage.save(export, data)
        except storage.StorageError as error:  # the bucket did not answer: say so
            _fail(export, str(error))
            return
        _finish(export.id, stored, students)


def _finish(export_id: int, stored: dict[str, Any], students: int) -> None:
    """Mark the stored export done, unless a student's removal failed it meanwhile."""
    done = db.session.execute(
        update(Export)
        .where(Export.id == export_id, Export.status == ExportStatus.RUNNING)
        .values(
            **stored,
            students=students,
            status=ExportStatus.DONE,
            progress=100,
            step="Ready",
            finished_at=clock.utc_now(),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if rowcount(done) != 1:  # its file goes in with the status, or not at all
        storage.delete_files([stored["location"]])


def download(export: Export) -> StoredFile | None:
    """Open the file of a finished export, audited, or return None when it is gone.

    Raise `StorageError` when the bucket does not answer.
    """
    stored = storage.open_file(export)
    if stored is not None:
        record("reports.export_downloaded", export, students=export.students)
    return stored


def delete_export_files(locations: list[str]) -> None:
    """Delete files from the bucket (a job); what fails is deleted again by the purge."""
    storage.delete_files(locations)


def purge_expired() -> int:
    """Delete every expired export of every institution, files first; return how many.

    When the bucket does not answer, the exports kept in the database still go, those in
    the bucket wait for the next run (they are refused anyway), and `StorageError` is raised.
    """
    with unscoped():
        expired = db.session.execute(
            select(Export.id, Export.location).where(Export.expires_at <= clock.utc_now())
        ).all()
        failure = None
        try:
            storage.delete_files(location for _, location in expired)
            ids = [export_id for export_id, _ in expired]
        except storage.StorageError as error:
            failure = error
            ids = [export_id for export_id, location in expired if location is None]
        for start in range(0, len(ids), 500):
            db.session.execute(
                delete(Export).where(Export.id.in_(ids[start : start + 500])),
                execution_options={"synchronize_session": False},
            )
        db.session.commit()
    if failure is not None:
        raise failure
    return len(ids)


@reports_cli.command("purge")
def purge_command() -> None:
    """Delete export files older than a day (run it hourly from cron or a timer)."""
    try:
        click.echo(f"Deleted {purge_expired()} expired export(s).")
    except storage.StorageError as error:
        raise click.ClickException(
            f"{error}. Exports kept in the database were deleted; those in the bucket are "
            "deleted by the next run."
        ) from error
