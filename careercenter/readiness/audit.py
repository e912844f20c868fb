"""What the audit log calls readiness events."""

from __future__ import annotations

from ..audit.labels import register_actions

register_actions(
    {
        "readiness.student_viewed": "Viewed a student's readiness",
        "readiness.dashboard_viewed": "Viewed a cohort's readiness dashboard",
        "settings.readiness_weights": "Changed the readiness weights",
    }
)
