"""Cross-tenant cases for the review routes (objects of world.b)."""

from __future__ import annotations

from ...reviews.helpers import review, submitted
from . import case


def _revision(world):
    _plan_id, revision_id = submitted(world.b)
    return {"revision_id": revision_id}


case("reviews.screen", role="advisor")(_revision)
for _endpoint in ("reviews.claim", "reviews.add_comment", "reviews.save_draft", "reviews.publish"):
    case(_endpoint, role="advisor", method="POST")(_revision)


@case("reviews.delete_comment", role="advisor", method="POST")
def _draft_comment(world):
    plan_id, revision_id = submitted(world.b)
    (comment_id,) = review(world.b, plan_id, revision_id, comments_on=["impact"])
    return {"revision_id": revision_id, "comment_id": comment_id}


def _published_comment(world):
    plan_id, revision_id = submitted(world.b)
    (comment_id,) = review(
        world.b, plan_id, revision_id, comments_on=["impact"], decision="changes_requested"
    )
    return {"comment_id": comment_id}


case("reviews.reply", role="advisor", method="POST")(_published_comment)
case("reviews.resolve", role="advisor", method="POST")(_published_comment)
case("reviews.mark_addressed", role="student", method="POST")(_published_comment)


@case("reviews.delete_bank_entry", role="advisor", method="POST")
def _bank_entry(world):
    from careercenter.extensions import db
    from careercenter.reviews.models import BankComment
    from careercenter.tenancy.scoping import tenant_scope

    with tenant_scope(world.b.institution):
        entry = BankComment(owner_id=world.b.advisor.id, body="Saved")
        db.session.add(entry)
        db.session.commit()
        return {"entry_id": entry.id}
