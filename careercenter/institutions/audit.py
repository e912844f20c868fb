"""What the audit log calls institution events and the institution itself."""

from __future__ import annotations

from ..audit.labels import register_actions, register_subject, titles
from ..tenancy.models import Institution

register_actions(
    {
        "institution.created": "Created the institution",
        "institution.settings_changed": "Changed the settings",
    }
)
register_subject("Institution", titles(Institution.name))
