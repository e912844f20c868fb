"""The blueprint state machine: which action moves a plan from which state to which.

draft → submitted → (in_review) → changes_requested → submitted … → approved, and a
submission may be withdrawn (submitted → draft) before anyone starts reviewing it.
"""

from __future__ import annotations

import enum

from ..actions import Refused
from .models import PlanState, RevisionState


class Action(enum.StrEnum):
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    START_REVIEW = "start_review"
    REQUEST_CHANGES = "request_changes"
    APPROVE = "approve"


TRANSITIONS: dict[tuple[PlanState, Action], PlanState] = {
    (PlanState.DRAFT, Action.SUBMIT): PlanState.SUBMITTED,
    (PlanState.CHANGES_REQUESTED, Action.SUBMIT): PlanState.SUBMITTED,
    (PlanState.SUBMITTED, Action.WITHDRAW): PlanState.DRAFT,
    (PlanState.SUBMITTED, Action.START_REVIEW): PlanState.IN_REVIEW,
    (PlanState.SUBMITTED, Action.REQUEST_CHANGES): PlanState.CHANGES_REQUESTED,
    (PlanState.IN_REVIEW, Action.REQUEST_CHANGES): PlanState.CHANGES_REQUESTED,
    (PlanState.SUBMITTED, Action.APPROVE): PlanState.APPROVED,
    (PlanState.IN_REVIEW, Action.APPROVE): PlanState.APPROVED,
}

# What the latest revision becomes when the plan takes each action (submit makes a new one).
REVISION_STATE_AFTER: dict[Action, RevisionState] = {
    Action.WITHDRAW: RevisionState.WITHDRAWN,
    Action.START_REVIEW: RevisionState.IN_REVIEW,
    Action.REQUEST_CHANGES: RevisionState.CHANGES_REQUESTED,
    Action.APPROVE: RevisionState.APPROVED,
}

REFUSALS = {
    Action.SUBMIT: "Only a draft, or a blueprint with changes requested, can be submitted.",
    Action.WITHDRAW: "Only a submission that nobody has started reviewing can be withdrawn.",
    Action.START_REVIEW: "Only a submitted blueprint can be taken into review.",
    Action.REQUEST_CHANGES: "Changes can be requested only on a submitted blueprint.",
    Action.APPROVE: "Only a submitted blueprint can be approved.",
}


class TransitionRefused(Refused):
    """The action is not allowed from the plan's current state."""


def can(state: PlanState, action: Action) -> bool:
    """Return whether `action` is allowed from `state`."""
    return (PlanState(state), Action(action)) in TRANSITIONS


def next_state(state: PlanState, action: Action) -> PlanState:
    """Return the state `action` leads to from `state`, or raise TransitionRefused."""
    try:
        return TRANSITIONS[(PlanState(state), Action(action))]
    except KeyError:
        raise TransitionRefused(REFUSALS[Action(action)]) from None


def allowed_actions(state: PlanState) -> list[Action]:
    """Return the actions allowed from `state`, in declaration order."""
    return [action for action in Action if can(state, action)]
