"""Background exports: start one, watch its progress, download it (its requester only)."""

from __future__ import annotations

from flask import abort, g, jsonify, redirect, render_template, url_for
from werkzeug.wrappers import Response

from ..auth.permissions import staff_required
from ..cohorts.models import Cohort
from ..cohorts.permissions import require_follow_cohort
from ..extensions import db
from ..formcheck import form_accepted
from ..readiness.queries import aware
from ..tenancy import clock, get_or_404
from . import queries
from .background import download, start_pdf_export
from .forms import StartExportForm
from .models import Export, ExportStatus
from .routes import bp, pdf_limit
from .scope import ReportFilters, report_scope
from .storage import StorageError


def _own_export(export_id: int) -> Export:
    """Return the requester's unexpired export; anyone else (or too late) gets 404."""
    export = get_or_404(Export, export_id)
    expires = aware(export.expires_at) or clock.utc_now()
    if export.requester_id != g.membership.id or expires <= clock.utc_now():
        abort(404)
    return export


@bp.post("/reports/exports")
@staff_required
@pdf_limit
def start_export():
    """Start a background PDF export of the report as filtered."""
    form = StartExportForm()
    if not form_accepted(form):
        return redirect(url_for(".index"))
    fixed = ReportFilters.from_args({"cohort": form.scope_cohort.data}).cohort_id
    if fixed is not None:
        require_follow_cohort(get_or_404(Cohort, fixed), g.membership)
    filters = ReportFilters.from_args(
        {"term": form.term.data, "cohort": form.cohort.data, "advisor": form.advisor.data}
    )
    scope = report_scope(g.membership, filters, fixed)
    export = start_pdf_export(scope, g.membership, queries.student_count(scope.cohort_ids))
    db.session.commit()
    return redirect(url_for(".export", export_id=export.id), 303)


@bp.get("/reports/exports/<int:export_id>")
@staff_required
def export(export_id: int):
    """Show an export's progress, and its file once ready."""
    return render_template("reports/export.html", export=_own_export(export_id))


@bp.get("/reports/exports/<int:export_id>/status")
@staff_required
def export_status(export_id: int):
    """Answer an export's progress as JSON (polled by static/js/export_progress.js)."""
    export = _own_export(export_id)
    done = export.status is ExportStatus.DONE
    return jsonify(
        status=export.status.value,
        label=export.status.label,
        progress=export.progress,
        step=export.step,
        download_url=url_for(".export_download", export_id=export.id) if done else None,
    )


@bp.get("/reports/exports/<int:export_id>/download")
@staff_required
def export_download(export_id: int):
    """Download a finished export (its requester only, within a day)."""
    export = _own_export(export_id)
    if export.status is not ExportStatus.DONE:
        abort(404)
    try:
        stored = download(export)
    except StorageError as error:
        abort(503, description=f"{error}. Please try again in a few minutes.")
    if stored is None:
        abort(404)
    db.session.commit()
    # The stored bytes, streamed as they come from the store: never rendered again.
    response = Response(stored.chunks, mimetype=export.content_type)
    response.call_on_close(stored.close)
    response.content_length = stored.size
    response.headers["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
