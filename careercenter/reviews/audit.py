"""What the audit log calls review events (their subject is the blueprint)."""

from __future__ import annotations

from ..audit.labels import register_actions

register_actions(
    {
        "review.claimed": "Claimed a blueprint for review",
        "review.taken_over": "Took over a blueprint's review",
        "review.published": "Published a review of a blueprint",
        "review.comment_replied": "Replied to a review comment",
        "review.comment_addressed": "Marked a review comment addressed",
        "review.comment_resolved": "Resolved a review comment",
        "review.settings_changed": "Changed the review settings",
        "review.rubric_changed": "Changed the review rubric",
        "review.bank_changed": "Changed the comment bank",
    }
)
