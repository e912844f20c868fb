"""Comments anchored to elements: add (in a draft), reply, mark addressed, resolve."""

from __future__ import annotations

from sqlalchemy import select

from .. import audit, events
from ..actions import Refused, check_version
from ..extensions import db
from ..plans.models import Plan, PlanRevision
from ..tenancy.models import Membership, utcnow
from .anchors import elements
from .models import CommentReply, CommentStatus, Review, ReviewComment
from .services import require_claim, require_current, review_of

MAX_COMMENT = 2000
STALE = "This comment changed meanwhile; the page shows where it stands now."


def _body(text: str | None, what: str = "comment") -> str:
    body = (text or "").replace("\r\n", "\n").strip()
    if not body:
        raise Refused(f"Write the {what} first.")
    if len(body) > MAX_COMMENT:
        raise Refused(f"The {what} has {len(body)} characters; the most is {MAX_COMMENT}.")
    return body


def add_comment(
    plan: Plan, revision: PlanRevision, member: Membership, element_id: str, text: str
) -> ReviewComment:
    """Add a comment on one element of `revision` to the member's draft review."""
    require_current(plan, revision)
    review = require_claim(review_of(revision), member)
    element = elements(revision.content).get(element_id or "")
    if element is None:
        raise Refused("That part of the blueprint is not in this revision.")
    comment = ReviewComment(
        plan_id=plan.id,
        review_id=review.id,
        author_id=member.id,
        element_id=element.id,
        element_label=element.label[:200],
        anchored_text=element.text,
        body=_body(text),
    )
    db.session.add(comment)
    review.updated_at = utcnow()
    db.session.flush()
    return comment


def delete_draft_comment(comment: ReviewComment, review: Review, member: Membership) -> None:
    """Remove a comment from a draft review (nobody else has seen it)."""
    if review.is_published or comment.author_id != member.id:
        raise Refused("Only a comment of your own unpublished review can be removed.")
    db.session.delete(comment)
    db.session.flush()


def _published(review: Review) -> None:
    if not review.is_published:
        raise Refused("This comment is not published yet.")


def reply(
    plan: Plan, comment: ReviewComment, review: Review, member: Membership, text: str
) -> CommentReply:
    """Add a reply to a published comment's thread and tell the others in it."""
    _published(review)
    body = _body(text, "reply")
    earlier = set(
        db.session.execute(
            select(Membership.user_id)
            .join(CommentReply, CommentReply.author_id == Membership.id)
            .where(CommentReply.comment_id == comment.id)
        ).scalars()
    )
    author = db.session.get(Membership, comment.author_id)
    others = (earlier | ({author.user_id} if author else set())) - {member.user_id}
    answer = CommentReply(comment_id=comment.id, author_id=member.id, body=body)
    db.session.add(answer)
    db.session.flush()
    audit.record("review.comment_replied", plan, comment=comment.id)
    events.comment_replied.send(
        None,
        plan_id=plan.id,
        comment_id=comment.id,
        reply_id=answer.id,
        by_user_id=member.user_id,
        to_user_ids=sorted(others),
    )
    return answer


def mark_addressed(
    plan: Plan, comment: ReviewComment, review: Review, loaded_version: object
) -> ReviewComment:
    """Mark an open comment addressed (the student's word that it is done)."""
    _published(review)
    check_version(comment.version, loaded_version, STALE)
    if comment.status is not CommentStatus.OPEN:
        raise Refused("Only an open comment can be marked addressed.")
    comment.status, comment.status_changed_at = CommentStatus.ADDRESSED, utcnow()
    db.session.flush()
    audit.record("review.comment_addressed", plan, comment=comment.id)
    return comment


def resolve(
    plan: Plan, comment: ReviewComment, review: Review, loaded_version: object
) -> ReviewComment:
    """Resolve a comment (the advisor's word that it needs nothing more)."""
    _published(review)
    check_version(comment.version, loaded_version, STALE)
    if comment.status is CommentStatus.RESOLVED:
        raise Refused("This comment is already resolved.")
    comment.status, comment.status_changed_at = CommentStatus.RESOLVED, utcnow()
    db.session.flush()
    audit.record("review.comment_resolved", plan, comment=comment.id)
    return comment
