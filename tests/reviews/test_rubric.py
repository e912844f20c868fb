"""The rubric: a default from the method, ratings carried when met and their sections unchanged."""

from __future__ import annotations

import copy

from careercenter.extensions import db
from careercenter.plans import services as plan_services
from careercenter.plans.models import Plan, PlanRevision
from careercenter.reviews import comments, services
from careercenter.reviews.models import CommentStatus, Decision, ReviewComment
from careercenter.reviews.rubric import DEFAULT_CRITERIA
from careercenter.tenancy.scoping import tenant_scope

from .helpers import latest_revision_id, review_row, submitted


def test_met_ratings_of_unchanged_sections_carry_to_the_next_round(world, arrange):
    plan_id, first = submitted(world.a)
    with tenant_scope(world.a.institution):
        plan, revision = db.session.get(Plan, plan_id), db.session.get(PlanRevision, first)
        row = services.claim(plan, revision, world.a.advisor)
        ratings = {c["key"]: {"level": "2", "comment": "Fine"} for c in DEFAULT_CRITERIA}
        ratings["obstacles"] = {"level": "1", "comment": "Thin"}  # not met: not carried
        row = services.save_draft(plan, revision, world.a.advisor, "Note", ratings, row.version)
        services.publish(plan, revision, world.a.advisor, Decision.CHANGES_REQUESTED, row.version)
        content = copy.deepcopy(plan.content)
        content.goals[0].measure = "A new measure"
        plan_services.save_plan(plan, plan.version, {}, content, count_pages=False)
        plan_services.submit_plan(plan)
        db.session.commit()
    second = latest_revision_id(world.a, plan_id)
    with tenant_scope(world.a.institution):
        plan, revision = db.session.get(Plan, plan_id), db.session.get(PlanRevision, second)
        services.claim(plan, revision, world.a.advisor)
        db.session.commit()
    carried = review_row(world.a, second).ratings
    assert set(carried) == {"research", "impact"}  # goals changed; obstacles were not met
    assert all(r["carried"] and r["level"] == 2 for r in carried.values())


def test_the_advisor_resolves_a_comment(world, arrange):
    plan_id, first = submitted(world.a)
    with tenant_scope(world.a.institution):
        plan, revision = db.session.get(Plan, plan_id), db.session.get(PlanRevision, first)
        row = services.claim(plan, revision, world.a.advisor)
        comment = comments.add_comment(plan, revision, world.a.advisor, "impact", "Hmm")
        services.publish(plan, revision, world.a.advisor, Decision.CHANGES_REQUESTED, row.version)
        comments.resolve(plan, comment, row, comment.version)
        db.session.commit()
        assert db.session.get(ReviewComment, comment.id).status is CommentStatus.RESOLVED
