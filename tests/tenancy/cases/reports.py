"""Cross-tenant cases for reports: a cohort's report and exports, background exports."""

from __future__ import annotations

from careercenter.extensions import db
from careercenter.reports.models import Export, ExportStatus
from careercenter.tenancy.scoping import tenant_scope

from . import case


def _cohort(world):
    return {"cohort_id": world.b.cohort.id}


for endpoint in ("reports.cohort", "reports.cohort_csv", "reports.cohort_pdf"):
    case(endpoint)(_cohort)


def _export(world):
    with tenant_scope(world.b.institution):
        export = Export(
            requester_id=world.b.admin.id,
            kind="pdf",
            filters={"described": "All cohorts"},
            status=ExportStatus.DONE,
            progress=100,
            filename="readiness.pdf",
            content_type="application/pdf",
            data=b"%PDF-1.4 test",
        )
        db.session.add(export)
        db.session.commit()
        return {"export_id": export.id}


for endpoint in ("reports.export", "reports.export_status", "reports.export_download"):
    case(endpoint)(_export)
