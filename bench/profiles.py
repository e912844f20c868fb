"""How far each volume student has got: one deterministic profile per membership id, shared by
the checklist and blueprint volume steps so that a student's progress and blueprint agree
(those who finished every item mostly have an approved blueprint, beginners have none)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from careercenter.plans.models import PlanState

# (kind, share of students, share of the main checklist's items acted on: low, high)
KINDS = [
    ("not started", 0.12, 0.0, 0.0),
    ("early", 0.22, 0.08, 0.3),
    ("midway", 0.30, 0.35, 0.7),
    ("nearly", 0.16, 0.75, 0.95),
    ("finished", 0.20, 1.0, 1.0),
]
# Blueprint states by kind: (state or None for no blueprint, weight).
BLUEPRINTS = {
    "not started": [(None, 1)],
    "early": [(None, 5), (PlanState.DRAFT, 5)],
    "midway": [
        (None, 1),
        (PlanState.DRAFT, 3),
        (PlanState.SUBMITTED, 2),
        (PlanState.IN_REVIEW, 1),
        (PlanState.CHANGES_REQUESTED, 3),
    ],
    "nearly": [
        (PlanState.SUBMITTED, 2),
        (PlanState.IN_REVIEW, 2),
        (PlanState.CHANGES_REQUESTED, 2),
        (PlanState.APPROVED, 4),
    ],
    "finished": [(PlanState.IN_REVIEW, 1), (PlanState.APPROVED, 4)],
}


@dataclass(frozen=True)
class Profile:
    """One student's progress pattern."""

    kind: str
    share: float  # of the main checklist's items acted on, in order
    fair_done: bool  # finished the short (overdue) checklist's required items
    returned_at: int | None  # index of the item an advisor returned, if any
    awaiting_from: int  # items from this index on are done but not yet verified
    undone_at: int | None  # index of an item marked done and then taken back, if any
    started_days_ago: int
    blueprint: PlanState | None
    second_blueprint: bool  # a draft for a second employer
    stale_changes: bool  # changes requested more than a week ago, nothing touched since

    def items_done(self, total: int) -> int:
        """Return how many of a checklist's `total` items the student acted on."""
        return round(self.share * total)

    def returns_item(self, index: int) -> bool:
        return index == self.returned_at

    def verified(self, index: int) -> bool:
        return index < self.awaiting_from

    def undid(self, index: int) -> bool:
        return index == self.undone_at

    def days_ago(self, index: int) -> float:
        """Return how long ago item `index` was done: earlier items longer ago."""
        return max(0.5, self.started_days_ago - 2.5 * index)


def profile_of(membership_id: int) -> Profile:
    """Return the (always the same) profile of the student with `membership_id`."""
    rng = random.Random(membership_id * 7919 + 17)
    kind, low, high = _kind(rng.random())
    share = round(rng.uniform(low, high), 2)
    touched = round(share * 12)
    finished = kind == "finished"
    returned = rng.randrange(touched) if touched and not finished and rng.random() < 0.2 else None
    undone = touched - 1 if touched > 1 and not finished and rng.random() < 0.05 else None
    states, weights = zip(*BLUEPRINTS[kind], strict=True)
    blueprint = rng.choices(states, weights)[0]
    return Profile(
        kind=kind,
        share=share,
        fair_done=kind != "not started" and (finished or rng.random() < 0.8),
        returned_at=returned,
        awaiting_from=touched if finished else max(0, touched - rng.randrange(0, 3)),
        undone_at=undone,
        started_days_ago=rng.randrange(14, 40),
        blueprint=blueprint,
        second_blueprint=blueprint is not None and rng.random() < 0.08,
        stale_changes=blueprint is PlanState.CHANGES_REQUESTED and rng.random() < 0.4,
    )


def _kind(draw: float) -> tuple[str, float, float]:
    for kind, share, low, high in KINDS:
        if draw < share:
            return kind, low, high
        draw -= share
    kind, _, low, high = KINDS[-1]
    return kind, low, high
