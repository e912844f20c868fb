"""The blueprint state machine: every allowed and every refused transition."""

from __future__ import annotations

import itertools

import pytest

from careercenter.plans.models import PlanState as S
from careercenter.plans.states import (
    TRANSITIONS,
    Action,
    TransitionRefused,
    allowed_actions,
    can,
    next_state,
)

ALLOWED = {
    (S.DRAFT, Action.SUBMIT): S.SUBMITTED,
    (S.CHANGES_REQUESTED, Action.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, Action.WITHDRAW): S.DRAFT,
    (S.SUBMITTED, Action.START_REVIEW): S.IN_REVIEW,
    (S.SUBMITTED, Action.REQUEST_CHANGES): S.CHANGES_REQUESTED,
    (S.IN_REVIEW, Action.REQUEST_CHANGES): S.CHANGES_REQUESTED,
    (S.SUBMITTED, Action.APPROVE): S.APPROVED,
    (S.IN_REVIEW, Action.APPROVE): S.APPROVED,
}
REFUSED = [pair for pair in itertools.product(S, Action) if pair not in ALLOWED]


def test_table_is_exactly_the_documented_one():
    assert TRANSITIONS == ALLOWED


@pytest.mark.parametrize(("state", "action"), list(ALLOWED), ids=lambda v: str(v))
def test_allowed_transition(state, action):
    assert can(state, action)
    assert next_state(state, action) is ALLOWED[(state, action)]


@pytest.mark.parametrize(("state", "action"), REFUSED, ids=lambda v: str(v))
def test_refused_transition(state, action):
    assert not can(state, action)
    with pytest.raises(TransitionRefused):
        next_state(state, action)


def test_refusals_say_why():
    with pytest.raises(TransitionRefused, match="withdrawn"):
        next_state(S.IN_REVIEW, Action.WITHDRAW)
    with pytest.raises(TransitionRefused, match="submitted"):
        next_state(S.APPROVED, Action.SUBMIT)


def test_allowed_actions_per_state():
    assert allowed_actions(S.DRAFT) == [Action.SUBMIT]
    assert allowed_actions(S.SUBMITTED) == [
        Action.WITHDRAW,
        Action.START_REVIEW,
        Action.REQUEST_CHANGES,
        Action.APPROVE,
    ]
    assert allowed_actions(S.APPROVED) == []
