"""What the audit log calls outcome events (their subject is the blueprint)."""

from __future__ import annotations

from ..audit.labels import register_actions

register_actions(
    {
        "outcome.recorded": "Recorded what happened after a blueprint",
        "outcome.corrected": "Corrected what happened after a blueprint",
        "outcome.cleared": "Cleared a step recorded after a blueprint",
    }
)
