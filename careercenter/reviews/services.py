"""Changes to reviews: claim (or take over), save the draft, publish a decision.

Publishing goes through `plans.services.request_changes`/`approve`, so the plan's state and
the revision's `decided_at` change only when a decision reaches the student. Signals
(`events`) are sent inside the transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from .. import audit, events
from ..actions import Conflict, Refused, check_version
from ..extensions import db
from ..plans import services as plan_services
from ..plans.models import Plan, PlanRevision, PlanState
from ..tenancy.models import Membership, utcnow
from . import rubric as rubrics
from .changes import changed_sections
from .models import (
    DEFAULT_TARGET_DAYS,
    Decision,
    Review,
    ReviewComment,
    ReviewSettings,
    ReviewState,
)

MAX_NOTE = 5000
NOT_CURRENT = (
    "This revision is no longer the one waiting for review (the student withdrew it or "
    "submitted a newer one, or a decision was already published), so nothing was changed."
)
STALE = (
    "Someone changed this review meanwhile (another advisor took it over or it was "
    "published), so nothing of yours was saved. The page shows where it stands now."
)


_TARGET_DAYS = select(ReviewSettings.target_days)  # built once: its scoped copy is kept


def target_days() -> int:
    """Return the institution's target for a first response, in business days."""
    value = db.session.scalar(_TARGET_DAYS)
    return DEFAULT_TARGET_DAYS if value is None else value


def review_of(revision: PlanRevision) -> Review | None:
    """Return the review of `revision`, if anyone claimed it."""
    return db.session.execute(
        select(Review).where(Review.revision_id == revision.id)
    ).scalar_one_or_none()


def is_current(plan: Plan, revision: PlanRevision) -> bool:
    """Return whether `revision` is the one waiting for a decision."""
    return revision.number == plan.revision_count and plan.state in (
        PlanState.SUBMITTED,
        PlanState.IN_REVIEW,
    )


def require_current(plan: Plan, revision: PlanRevision) -> None:
    if not is_current(plan, revision):
        raise Refused(NOT_CURRENT)


def require_claim(review: Review | None, member: Membership) -> Review:
    """Return `review` if `member` holds its claim and it is still a draft; refuse otherwise."""
    if review is None:
        raise Refused("Claim this blueprint first: then your comments and decision are yours.")
    if review.is_published:
        raise Refused(NOT_CURRENT)
    if review.reviewer_id != member.id:
        raise Conflict(
            "Another advisor holds the claim on this blueprint. Take it over explicitly "
            "if you mean to review it yourself."
        )
    return review


def _user_id(membership_id: int) -> int:
    member = db.session.get(Membership, membership_id)
    assert member is not None  # a review's reviewer is a membership (foreign key)
    return member.user_id


def _previous_review(plan: Plan, revision: PlanRevision) -> tuple[Review, PlanRevision] | None:
    row = db.session.execute(
        select(Review, PlanRevision)
        .join(PlanRevision, PlanRevision.id == Review.revision_id)
        .where(
            Review.plan_id == plan.id,
            Review.state == ReviewState.PUBLISHED,
            PlanRevision.number < revision.number,
        )
        .order_by(PlanRevision.number.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def claim(
    plan: Plan, revision: PlanRevision, member: Membership, take_over_from: int | None = None
) -> Review:
    """Claim `revision` for review, or take it over from the advisor `take_over_from` names.

    A takeover must name the claim holder the page showed: a claim that moved meanwhile is
    refused, so nobody takes a review over by accident.
    """
    require_current(plan, revision)
    review = review_of(revision)
    if review is not None and review.reviewer_id == member.id:
        return review
    if review is not None:
        if take_over_from != review.reviewer_id:
            raise Conflict(
                "Another advisor claimed this blueprint meanwhile. The page now shows who; "
                "take it over only if you mean to."
            )
        previous = review.reviewer_id
        review.reviewer_id = member.id
        review.claimed_at = review.updated_at = utcnow()
        db.session.flush()
        audit.record("review.taken_over", plan, revision=revision.number, from_member=previous)
        events.review_claimed.send(
            None,
            plan_id=plan.id,
            review_id=review.id,
            by_user_id=member.user_id,
            taken_from_user_id=_user_id(previous),
        )
        return review
    if plan.state is PlanState.SUBMITTED:
        plan_services.start_review(plan)
    rubric = rubrics.ensure_rubric()
    review = Review(
        plan_id=plan.id,
        revision_id=revision.id,
        reviewer_id=member.id,
        rubric_version_id=rubric.id,
        ratings=_carried(plan, revision, rubric),
    )
    db.session.add(review)
    db.session.flush()
    audit.record("review.claimed", plan, revision=revision.number)
    events.review_claimed.send(
        None,
        plan_id=plan.id,
        review_id=review.id,
        by_user_id=member.user_id,
        taken_from_user_id=None,
    )
    return review


def _carried(plan: Plan, revision: PlanRevision, rubric) -> dict[str, Any]:
    found = _previous_review(plan, revision)
    if found is None:
        return {}
    review, old = found
    changed = changed_sections(old.content, revision.content)
    return rubrics.carried_ratings(rubric, review.ratings or {}, review.rubric_version_id, changed)


def save_draft(
    plan: Plan,
    revision: PlanRevision,
    member: Membership,
    note: str,
    ratings: dict[str, Any] | None,
    loaded_version: Any,
) -> Review:
    """Save the draft's overall note and ratings (the autosave); the student sees none of it."""
    require_current(plan, revision)
    review = require_claim(review_of(revision), member)
    check_version(review.version, loaded_version, STALE)
    note = (note or "").replace("\r\n", "\n").strip()
    if len(note) > MAX_NOTE:
        raise Refused(f"The overall note has {len(note)} characters; the most is {MAX_NOTE}.")
    # Read the rubric first: a query would autoflush the note and count a second write.
    rubric = db.session.get(rubrics.RubricVersion, review.rubric_version_id or 0)
    cleaned = review.ratings or {}
    if ratings is not None and rubric is not None:
        before = review.ratings or {}
        cleaned = rubrics.clean_ratings(rubric, ratings)
        for key, rating in cleaned.items():  # a carried rating stays carried until changed
            old = before.get(key) or {}
            rating["carried"] = bool(old.get("carried")) and old.get("level") == rating["level"]
    changed = note != review.overall_note or cleaned != (review.ratings or {})
    if changed:
        review.overall_note, review.ratings = note, cleaned
        review.updated_at = utcnow()
        db.session.flush()
    return review


def publish(
    plan: Plan,
    revision: PlanRevision,
    member: Membership,
    decision: Decision,
    loaded_version: Any,
) -> Review:
    """Publish the review with its decision; from now on the student sees it."""
    require_current(plan, revision)
    review = require_claim(review_of(revision), member)
    check_version(review.version, loaded_version, STALE)
    if decision is Decision.CHANGES_REQUESTED and not review.overall_note.strip():
        comments = db.session.scalar(
            select(func.count())
            .select_from(ReviewComment)
            .where(ReviewComment.review_id == review.id)
        )
        if not comments:
            raise Refused(
                "To request changes, leave at least one comment or an overall note that "
                "says what to change."
            )
    review.state = ReviewState.PUBLISHED
    review.decision = decision
    review.published_at = review.updated_at = utcnow()
    if decision is Decision.APPROVED:
        plan_services.approve(plan, member)
    else:
        plan_services.request_changes(plan, member)
    db.session.flush()
    audit.record("review.published", plan, revision=revision.number, decision=decision.value)
    events.review_published.send(
        None,
        plan_id=plan.id,
        review_id=review.id,
        decision=decision.value,
        by_user_id=member.user_id,
    )
    return review
