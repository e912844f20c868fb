"""The student's "changes requested" banner in the blueprint editor: what to change.

The latest published decision's overall note, then every open published comment with its
text, a link to it where it sits in the published feedback (`#comment-<id>` on the review
screen of the last reviewed revision, which shows every earlier round's comments too) and,
while its element is still in the draft, a link to that part of the editor. Two statements,
only on a blueprint with changes requested.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from sqlalchemy import select

from ..extensions import db
from ..plans.content import PHASES, PlanDocument
from ..plans.editing import RESEARCH_FIELDS
from ..plans.models import Plan, PlanState
from ..plans.panels import register_plan_notice
from ..tenancy.models import Membership
from .models import CommentStatus, Review, ReviewComment, ReviewState


@dataclass(frozen=True)
class OpenComment:
    id: int
    label: str
    body: str
    feedback_url: str  # the comment on the published-feedback page
    editor_anchor: str | None  # the element's field or fieldset in the editor, if still there


def editor_anchors(doc: PlanDocument) -> dict[str, str]:
    """Return, for each element id, the id of the editor's field to change it (a whole list
    section: the section, which takes focus); an element no longer in `doc` has none."""
    found = {f"section:{key}": key for key in ("research", "insiders", "goals", "obstacles")}
    found |= {"knowledge_plan": "knowledge_plan", "impact": "impact", "hook": "hook_script"}
    found |= {f"research.{key}": name for key, name in RESEARCH_FIELDS.items()}
    found |= {f"insider:{i.id}": f"insiders-{n}-takeaways" for n, i in enumerate(doc.insiders)}
    found |= {f"obstacle:{o.id}": f"obstacles-{n}-obstacle" for n, o in enumerate(doc.obstacles)}
    for n, goal in enumerate(doc.goals):
        found[f"goal:{goal.id}"] = f"goals-{n}-title"
        for phase in PHASES:
            found[f"goal:{goal.id}:{phase}"] = f"goals-{n}-{phase}-0"  # always one input
            for m, action_id in enumerate(goal.action_ids(phase)):
                found[f"goal:{goal.id}:{phase}:{action_id}"] = f"goals-{n}-{phase}-{m}"
    return found


def banner_values(plan: Plan, member: Membership) -> dict[str, Any]:
    """Return the banner's published review and open comments for the owner (else nothing)."""
    if plan.owner_id != member.id or plan.state is not PlanState.CHANGES_REQUESTED:
        return {}
    review = db.session.execute(
        select(Review)
        .where(Review.plan_id == plan.id, Review.state == ReviewState.PUBLISHED)
        .order_by(Review.published_at.desc(), Review.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if review is None:
        return {}
    rows = db.session.execute(
        select(ReviewComment)
        .join(Review, Review.id == ReviewComment.review_id)
        .where(
            ReviewComment.plan_id == plan.id,
            Review.state == ReviewState.PUBLISHED,
            ReviewComment.status == CommentStatus.OPEN,
        )
        .order_by(ReviewComment.id)
    ).scalars()
    anchors = editor_anchors(plan.content)
    comments = [
        OpenComment(
            id=c.id,
            label=c.element_label,
            body=c.body,
            feedback_url=url_for(
                "reviews.screen", revision_id=review.revision_id, _anchor=f"comment-{c.id}"
            ),
            editor_anchor=anchors.get(c.element_id),
        )
        for c in rows
    ]
    return {"review": review, "comments": comments}


register_plan_notice("reviews/_changes_banner.html", banner_values)
