"""What the audit log calls practice-library events and practices."""

from __future__ import annotations

from ..audit.labels import register_actions, register_subject, titles
from .models import Practice

register_actions(
    {
        "practice.created": "Added a practice",
        "practice.updated": "Edited a practice",
        "practice.retired": "Retired a practice",
        "practice.restored": "Restored a practice",
        "practice.hidden": "Hid a practice",
        "practice.shown": "Showed a practice again",
    }
)
register_subject("Practice", titles(Practice.title, "Practice “{}”"))
