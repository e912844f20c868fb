"""Each student's best blueprint stage, as a SQL select readiness can join on."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import Select, case, func, select

from ..extensions import db
from ..stages import BlueprintStage
from ..tenancy.models import Membership
from .models import Plan, PlanState
from .permissions import readable_plans

PLAN_STAGE = {
    PlanState.DRAFT: BlueprintStage.DRAFT,
    PlanState.SUBMITTED: BlueprintStage.SUBMITTED,
    PlanState.IN_REVIEW: BlueprintStage.SUBMITTED,
    PlanState.CHANGES_REQUESTED: BlueprintStage.CHANGES_REQUESTED,
    PlanState.APPROVED: BlueprintStage.APPROVED,
}
# Rank of each stage in the enum's order: the highest rank across a student's plans wins.
RANK = {stage: index for index, stage in enumerate(BlueprintStage)}


def blueprint_stages() -> Select:
    """Return membership_id, stage, changes_requested_at, updated_at: one row per student."""
    rank = case(
        *((Plan.state == state, RANK[stage]) for state, stage in PLAN_STAGE.items()),
        else_=RANK[BlueprintStage.NONE],
    )
    changes_at = case(
        (Plan.state == PlanState.CHANGES_REQUESTED, Plan.changes_requested_at), else_=None
    )
    best = func.max(rank)
    stage = case(*((best == RANK[s], s.value) for s in BlueprintStage), else_=None)
    return select(
        Plan.owner_id.label("membership_id"),
        stage.label("stage"),
        func.max(changes_at).label("changes_requested_at"),
        func.max(Plan.updated_at).label("updated_at"),
    ).group_by(Plan.owner_id)


def blueprint_url(membership_id: int, viewer: Membership) -> str | None:
    """Return the URL of the student's most advanced blueprint `viewer` may open, or None."""
    rank = case(
        *((Plan.state == state, RANK[stage]) for state, stage in PLAN_STAGE.items()),
        else_=RANK[BlueprintStage.NONE],
    )
    plan_id = db.session.scalar(
        readable_plans(viewer)
        .with_only_columns(Plan.id)
        .where(Plan.owner_id == membership_id)
        .order_by(rank.desc(), Plan.updated_at.desc(), Plan.id.desc())
        .limit(1)
    )
    return url_for("plans.show", plan_id=plan_id) if plan_id is not None else None
