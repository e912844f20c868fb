"""Published feedback on a student's blueprints in their records; removal deletes all of it.

Only published reviews are the student's records: a draft was never shown to them, so it is
neither exported nor (being staff work in progress) kept once their blueprints go. Three
statements whatever the number of reviews, comments and replies.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import aliased

from ..auth.models import User
from ..extensions import db
from ..plans.models import Plan, PlanRevision
from ..record_sections import Collected, register_section
from ..tenancy.models import Membership
from .models import (
    CommentReply,
    Review,
    ReviewComment,
    ReviewReminder,
    ReviewState,
    RubricVersion,
)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _rubric(review: Review, rubric: RubricVersion | None) -> list[dict[str, Any]]:
    """Return each criterion of the review's rubric with the level and comment it got."""
    if rubric is None:
        return []
    results = []
    for criterion in rubric.criteria:
        rating = (review.ratings or {}).get(criterion["key"], {})
        level = rating.get("level")
        named = isinstance(level, int) and 0 <= level < len(rubric.levels)
        results.append(
            {
                "criterion": criterion["title"],
                "description": criterion.get("description", ""),
                "level": rubric.levels[level] if named else None,
                "comment": rating.get("comment") or "",
                "carried_from_an_earlier_round": bool(rating.get("carried")),
            }
        )
    return results


def _published_of(membership: Membership):
    """Return the ids of the published reviews of the member's blueprints (a subquery)."""
    return (
        select(Review.id)
        .join(Plan, Plan.id == Review.plan_id)
        .where(Plan.owner_id == membership.id, Review.state == ReviewState.PUBLISHED)
    )


def collect_feedback(membership: Membership) -> Collected:
    def who(member_id: int, name: str | None) -> str | None:
        return "you" if member_id == membership.id else name

    reviewer, author, replier = aliased(Membership), aliased(Membership), aliased(User)
    reviews = db.session.execute(
        select(Review, Plan.id, PlanRevision.number, User.name, RubricVersion)
        .join(Plan, Plan.id == Review.plan_id)
        .join(PlanRevision, PlanRevision.id == Review.revision_id)
        .outerjoin(reviewer, reviewer.id == Review.reviewer_id)
        .outerjoin(User, User.id == reviewer.user_id)
        .outerjoin(RubricVersion, RubricVersion.id == Review.rubric_version_id)
        .where(Review.id.in_(_published_of(membership)))
        .order_by(Plan.id, PlanRevision.number)
    ).all()
    comment_rows = db.session.execute(
        select(ReviewComment, User.name)
        .outerjoin(author, author.id == ReviewComment.author_id)
        .outerjoin(User, User.id == author.user_id)
        .where(ReviewComment.review_id.in_(_published_of(membership)))
        .order_by(ReviewComment.created_at, ReviewComment.id)
    ).all()
    reply_rows = db.session.execute(
        select(CommentReply, replier.name)
        .join(ReviewComment, ReviewComment.id == CommentReply.comment_id)
        .outerjoin(author, author.id == CommentReply.author_id)
        .outerjoin(replier, replier.id == author.user_id)
        .where(ReviewComment.review_id.in_(_published_of(membership)))
        .order_by(CommentReply.created_at, CommentReply.id)
    ).all()
    replies: dict[int, list[dict[str, Any]]] = {}
    for reply, name in reply_rows:
        replies.setdefault(reply.comment_id, []).append(
            {"by": who(reply.author_id, name), "at": _iso(reply.created_at), "text": reply.body}
        )
    by_review: dict[int, list[dict[str, Any]]] = {}
    for comment, name in comment_rows:
        by_review.setdefault(comment.review_id, []).append(
            {
                "on": comment.element_label,
                "element_id": comment.element_id,
                "text_it_was_made_on": comment.anchored_text,
                "comment": comment.body,
                "by": name,
                "at": _iso(comment.created_at),
                "status": comment.status.value,
                "status_changed_at": _iso(comment.status_changed_at),
                "replies": replies.get(comment.id, []),
            }
        )
    data = [
        {
            "blueprint_id": plan_id,
            "revision": number,
            "decision": review.decision.value if review.decision else None,
            "overall_note": review.overall_note,
            "reviewed_by": who(review.reviewer_id, name),
            "published_at": _iso(review.published_at),
            "rubric": _rubric(review, rubric),
            "comments": by_review.get(review.id, []),
        }
        for review, plan_id, number, name, rubric in reviews
    ]
    return Collected(data)


def erase_feedback(membership: Membership) -> None:
    """Delete every review of the member's blueprints (drafts too), its comments, replies and
    reminders, and any reply of theirs elsewhere."""
    plans = select(Plan.id).where(Plan.owner_id == membership.id)
    comments = select(ReviewComment.id).where(ReviewComment.plan_id.in_(plans))
    revisions = select(PlanRevision.id).where(PlanRevision.plan_id.in_(plans))
    for statement in (
        delete(CommentReply).where(
            CommentReply.comment_id.in_(comments) | (CommentReply.author_id == membership.id)
        ),
        delete(ReviewComment).where(ReviewComment.plan_id.in_(plans)),
        delete(ReviewReminder).where(ReviewReminder.revision_id.in_(revisions)),
        delete(Review).where(Review.plan_id.in_(plans)),
    ):
        db.session.execute(statement.execution_options(synchronize_session=False))


register_section(
    "feedback",
    collect_feedback,
    erase_feedback,
    order=45,
    description=(
        "The published reviews of your blueprints: each decision, overall note, rubric "
        "results, and every comment with the part it was on, its replies, who and when."
    ),
)
