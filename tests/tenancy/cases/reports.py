"""Cross-tenant cases for reports: a cohort's report and exports, background exports."""

from __future__ import annotations

from careercenter.extensions import db
from careercenter.reports.models import ExportStatus
from careercenter.tenancy.scoping import tenant_scope

from ... import factories
from . import case


def _cohort(world):
    return {"cohort_id": world.b.cohort.id}


for endpoint in ("reports.cohort", "reports.cohort_csv", "reports.cohort_pdf"):
    case(endpoint)(_cohort)


def _export(world):
    with tenant_scope(world.b.institution):
        export = factories.add_export(
            world.b.admin.id, status=ExportStatus.DONE, progress=100, data=b"%PDF-1.4 test"
        )
        db.session.commit()
        return {"export_id": export.id}


for endpoint in ("reports.export", "reports.export_status", "reports.export_download"):
    case(endpoint)(_export)
