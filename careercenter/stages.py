"""Blueprint stages as readiness sees them, and the hook the plans package fills in.

Readiness (cohorts and checklists) and blueprints (plans) are separate capabilities: the
plans package registers one function that returns a SQL subquery of each student's best
blueprint stage, so dashboards stay a constant number of queries.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from sqlalchemy import Select


class BlueprintStage(enum.StrEnum):
    """A student's most advanced blueprint, in order."""

    NONE = "none"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


# fn() -> Select with columns: membership_id, stage (a BlueprintStage value),
# changes_requested_at (when the latest "changes requested" decision was made, or NULL),
# updated_at (last edit). One row per student who has any blueprint.
StageSource = Callable[[], Select]
_source: StageSource | None = None


def register_blueprint_stage_source(source: StageSource) -> None:
    """Let the plans package tell readiness where each student's blueprint stage is."""
    global _source
    _source = source


def blueprint_stage_source() -> StageSource | None:
    """Return the registered source, or None while no blueprint capability is installed."""
    return _source


# fn(membership_id, viewer) -> the URL of that student's most advanced blueprint that `viewer`
# may open, or None: so a readiness page can link a stage to the blueprint it describes.
BlueprintLink = Callable[[int, Any], str | None]
_link: BlueprintLink | None = None


def register_blueprint_link(link: BlueprintLink) -> None:
    """Let the plans package say where a student's blueprint is, for a given viewer."""
    global _link
    _link = link


def blueprint_link(membership_id: int, viewer: Any) -> str | None:
    """Return the URL of the student's blueprint `viewer` may open (one query), or None."""
    return _link(membership_id, viewer) if _link is not None else None
