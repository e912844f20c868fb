"""What the audit log calls report events."""

from __future__ import annotations

from ..audit.labels import register_actions, register_subject, titles
from .models import Export

register_actions(
    {
        "reports.csv_exported": "Exported students' readiness (CSV)",
        "reports.aggregate_exported": "Exported aggregate readiness counts (CSV)",
        "reports.pdf_exported": "Exported the readiness report (PDF)",
        "reports.export_requested": "Asked for a readiness report in the background",
        "reports.export_downloaded": "Downloaded a background export",
        "settings.reports": "Changed the report settings",
    }
)
register_subject("Export", titles(Export.filename, "Export “{}”"))
