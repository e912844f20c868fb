"""Report exports in a member's records; a student's removal deletes the files that may list them.

A report PDF lists students by name, so removing a student deletes every export file of the
institution made since they joined (a day's files at most): the rows stay, failed, saying why,
and files in a bucket are deleted once the removal commits (a job; the purge retries).
"""

from __future__ import annotations

from sqlalchemy import select, update

from ..extensions import db
from ..jobs import enqueue_after_commit
from ..record_sections import Collected, register_section
from ..tenancy.models import Membership
from .background import delete_export_files
from .models import Export, ExportStatus

ERASED = "The file was deleted when a student's records were removed. Start the export again"


def collect_exports(membership: Membership) -> Collected:
    rows = db.session.execute(
        select(Export).where(Export.requester_id == membership.id).order_by(Export.id)
    ).scalars()
    return Collected(
        [
            {
                "file": export.filename,
                "filters": export.filters.get("described", ""),
                "students": export.students,
                "status": export.status.value,
                "asked_at": export.created_at.isoformat(),
                "expires_at": export.expires_at.isoformat(),
            }
            for export in rows
        ]
    )


def erase_exports(membership: Membership) -> None:
    result = db.session.execute(
        update(Export)
        .where(
            Export.created_at >= membership.created_at,
            Export.status.in_([ExportStatus.RUNNING, ExportStatus.DONE]),
        )
        .values(status=ExportStatus.FAILED, step="Failed", error=ERASED, data=None)
        .returning(Export.location)
        .execution_options(synchronize_session=False)
    )
    locations = [location for location in result.scalars() if location]
    if locations:
        enqueue_after_commit(delete_export_files, locations)


register_section(
    "report_exports",
    collect_exports,
    erase_exports,
    order=70,
    description="Report files you asked for (staff), each kept a day.",
)
