"""The readiness rules of PRODUCT.md as pure functions: no database, easy to test at every edge.

- completion: required items complete ÷ required items (complete, as `checklists.rules` says:
  verified where the item needs verification, done otherwise); with no required item, 0.
- level, first match wins: Interview-ready (at least one required item, all complete, and a
  blueprint approved); At risk (a required item not yet done past its due date, or changes
  requested on the blueprint and nothing touched for 7 days); Not started (nothing done on any
  item and no blueprint); On track otherwise.
- score: checklist weight × completion + blueprint weight × the stage's share, rounded 0–100.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..stages import BlueprintStage

STALE_CHANGES_AFTER = timedelta(days=7)
DEFAULT_CHECKLIST_WEIGHT = 70

# How far each blueprint stage goes towards the blueprint part of the score.
STAGE_SHARE = {
    BlueprintStage.NONE: 0.0,
    BlueprintStage.DRAFT: 0.25,
    BlueprintStage.SUBMITTED: 0.5,
    BlueprintStage.CHANGES_REQUESTED: 0.5,
    BlueprintStage.APPROVED: 1.0,
}


class Level(enum.StrEnum):
    """Where a student stands, in the order advisors triage."""

    NOT_STARTED = "not_started"
    AT_RISK = "at_risk"
    ON_TRACK = "on_track"
    INTERVIEW_READY = "interview_ready"

    @property
    def label(self) -> str:
        return {
            "not_started": "Not started",
            "at_risk": "At risk",
            "on_track": "On track",
            "interview_ready": "Interview-ready",
        }[self.value]

    @property
    def tone(self) -> str:
        """Return the pill style that shows this level."""
        return {
            "not_started": "",
            "at_risk": "danger",
            "on_track": "info",
            "interview_ready": "ok",
        }[self.value]


@dataclass(frozen=True)
class Facts:
    """What the database says about one student (over one assignment or all of them)."""

    required_total: int = 0
    required_complete: int = 0
    items_touched: int = 0  # items done, verified or returned (required or not)
    overdue: int = 0  # required items not done by the student, past their due date
    stage: BlueprintStage = BlueprintStage.NONE
    changes_requested_at: datetime | None = None
    blueprint_updated_at: datetime | None = None


@dataclass(frozen=True)
class Readiness:
    completion: float
    level: Level
    score: int
    overdue: int
    stage: BlueprintStage

    @property
    def percent(self) -> int:
        return round(self.completion * 100)


def completion(required_complete: int, required_total: int) -> float:
    """Return the share of required items complete, 0 when nothing is required."""
    if required_total <= 0:
        return 0.0
    return min(required_complete, required_total) / required_total


def changes_stale(facts: Facts, now: datetime) -> bool:
    """Return whether changes were requested at least 7 days ago and nothing changed since."""
    if facts.stage is not BlueprintStage.CHANGES_REQUESTED or facts.changes_requested_at is None:
        return False
    touched = facts.blueprint_updated_at
    if touched is not None and touched > facts.changes_requested_at:
        return False
    return now - facts.changes_requested_at >= STALE_CHANGES_AFTER


def level(facts: Facts, now: datetime) -> Level:
    """Return the student's level, by the rules in this module's docstring."""
    all_done = facts.required_total > 0 and facts.required_complete >= facts.required_total
    if all_done and facts.stage is BlueprintStage.APPROVED:
        return Level.INTERVIEW_READY
    if facts.overdue > 0 or changes_stale(facts, now):
        return Level.AT_RISK
    if facts.items_touched == 0 and facts.stage is BlueprintStage.NONE:
        return Level.NOT_STARTED
    return Level.ON_TRACK


def level_changes_at(facts: Facts, now: datetime) -> datetime | None:
    """Return the next moment after `now` when `level(facts, ·)` may change, or None (never).

    With the facts fixed (overdue is counted for a given day, so it is part of the facts),
    time only matters to `changes_stale`, which turns true 7 days after changes were requested.
    """
    if facts.stage is not BlueprintStage.CHANGES_REQUESTED or facts.changes_requested_at is None:
        return None
    touched = facts.blueprint_updated_at
    if touched is not None and touched > facts.changes_requested_at:
        return None
    moment = facts.changes_requested_at + STALE_CHANGES_AFTER
    return moment if moment > now else None


def score(share: float, stage: BlueprintStage, checklist_weight: int) -> int:
    """Return the 0–100 score from completion `share` and `stage` with the institution's weights."""
    weight = max(0, min(100, checklist_weight))
    return round(weight * share + (100 - weight) * STAGE_SHARE[stage])


def assess(
    facts: Facts, now: datetime, checklist_weight: int = DEFAULT_CHECKLIST_WEIGHT
) -> Readiness:
    """Return the full readiness of one student from their facts."""
    share = completion(facts.required_complete, facts.required_total)
    return Readiness(
        completion=share,
        level=level(facts, now),
        score=score(share, facts.stage, checklist_weight),
        overdue=facts.overdue,
        stage=facts.stage,
    )
