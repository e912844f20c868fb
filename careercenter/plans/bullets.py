"""Editor operations on a goal's actions (its bullets): add, remove, move up, move down.

Operations name an action by its position in the form, blank inputs included, so they run on
the posted lists before blank actions are dropped; the anchor they return names the action's
input once the blanks are gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .content import MAX_BULLETS, PHASE_LABELS, PHASES, ContentError, PlanDocument

_OP = re.compile(rf"(add|remove|up|down):bullets:(\d+):({'|'.join(PHASES)})(?::(\d+))?")


@dataclass(frozen=True)
class BulletOp:
    """One operation on the actions of one phase of one goal."""

    action: str
    goal: int
    phase: str
    index: int | None

    def anchor(self, index: int) -> str:
        return f"goals-{self.goal}-{self.phase}-{max(index, 0)}"


def parse(op: str) -> BulletOp | None:
    """Return the bullet operation `op` names ("up:bullets:0:days_30:2"), or None."""
    match = _OP.fullmatch(op or "")
    if not match:
        return None
    action, goal, phase, index = match.groups()
    if (action == "add") != (index is None):
        return None
    return BulletOp(action, int(goal), phase, int(index) if index is not None else None)


def apply(raw_goals: list[dict[str, Any]], op: BulletOp) -> str | None:
    """Remove or move one action in the posted goals, dropping blank actions of that phase.

    Each action's id (`<phase>_ids`, when posted) moves with it and goes with it.
    Return the anchor of the action to focus next, or None if `op` points nowhere.
    """
    if op.index is None or op.goal >= len(raw_goals):
        return None
    goal = raw_goals[op.goal]
    texts = [str(text or "").strip() for text in goal.get(op.phase) or []]
    if op.index >= len(texts):
        return None
    posted_ids = goal.get(f"{op.phase}_ids")
    ids = list(posted_ids) if isinstance(posted_ids, list) else []
    ids += [""] * (len(texts) - len(ids))
    kept = [(text, ids[n]) for n, text in enumerate(texts) if text]
    position = len([text for text in texts[: op.index] if text])
    anchor: str | None
    if not texts[op.index]:  # a blank action: nothing to move, and removing it drops it
        anchor = op.anchor(position - 1 if op.action == "remove" else position)
    elif op.action == "remove":
        kept.pop(position)
        anchor = op.anchor(position - 1)
    else:
        target = position - 1 if op.action == "up" else position + 1
        if 0 <= target < len(kept):
            kept[position], kept[target] = kept[target], kept[position]
            position = target
        anchor = op.anchor(position)
    goal[op.phase] = [text for text, _ in kept]
    if posted_ids is not None:
        goal[f"{op.phase}_ids"] = [action_id for _, action_id in kept]
    return anchor


def check_add(content: PlanDocument, op: BulletOp) -> str:
    """Refuse an action past the cap; return the anchor of the new, blank action's input."""
    if op.goal >= len(content.goals):
        raise ContentError("That goal no longer exists.")
    bullets = content.goals[op.goal].actions(op.phase)
    if len(bullets) >= MAX_BULLETS:
        raise ContentError(
            f"Goal {op.goal + 1}, {PHASE_LABELS[op.phase]} already has {MAX_BULLETS} actions, "
            "the most a leave-behind can show. Merge or remove one first."
        )
    return op.anchor(len(bullets))
