"""What the audit log calls records events."""

from __future__ import annotations

from ..audit.labels import register_actions

register_actions(
    {
        "records.exported": "Downloaded their own records",
        "records.member_exported": "Downloaded a member's records",
        "records.student_removed": "Removed a student from the institution",
    }
)
