"""The review state machine through the pages: claim, take over, draft, publish, resubmit."""

from __future__ import annotations

from sqlalchemy import select

from careercenter.audit.models import AuditEvent
from careercenter.extensions import db
from careercenter.plans.models import PlanRevision, PlanState, RevisionState
from careercenter.reviews.models import CommentStatus, ReviewComment, ReviewState
from careercenter.tenancy.models import Role
from careercenter.tenancy.scoping import tenant_scope

from .. import factories
from ..plans.helpers import form_fields, load_plan, make_plan, typical_content
from .helpers import heard, latest_revision_id, review, review_row, submitted


def screen_url(world, revision_id, suffix=""):
    return f"/{world.a.slug}/reviews/{revision_id}{suffix}"


def _second_advisor(world):
    advisor = factories.create_member(world.a.institution, Role.ADVISOR, name="Second Advisor")
    factories.create_cohort(world.a.institution, advisors=[advisor], students=[world.a.student])
    return advisor


def test_claim_puts_it_in_review_and_announces_it_once(world, auth, client, arrange):
    plan_id, revision_id = submitted(world.a)
    auth.login_as(world.a.advisor)
    with heard() as got:
        response = client.post(screen_url(world, revision_id, "/claim"))
    assert response.status_code == 302
    assert load_plan(world.a, plan_id).state is PlanState.IN_REVIEW
    row = review_row(world.a, revision_id)
    assert row is not None and row.reviewer_id == world.a.advisor.id
    assert got == [
        (
            "review_claimed",
            {
                "plan_id": plan_id,
                "review_id": row.id,
                "by_user_id": world.a.advisor.user_id,
                "taken_from_user_id": None,
            },
        )
    ]
    page = client.get(screen_url(world, revision_id)).get_data(as_text=True)
    assert "In review by" in page and "(you)" in page


def test_taking_over_is_explicit_and_announced(world, auth, client, arrange):
    other = _second_advisor(world)
    plan_id, revision_id = submitted(world.a)
    review(world.a, plan_id, revision_id)
    auth.login_as(other)
    page = client.get(screen_url(world, revision_id)).get_data(as_text=True)
    assert f"In review by <strong>{world.a.advisor.user.name}</strong>" in page
    assert "Take over from" in page
    with heard() as got:  # a claim that does not name the holder is refused
        client.post(screen_url(world, revision_id, "/claim"))
    assert got == [] and review_row(world.a, revision_id).reviewer_id == world.a.advisor.id
    with heard() as got:
        client.post(
            screen_url(world, revision_id, "/claim"),
            data={"take_over_from": str(world.a.advisor.id)},
        )
    row = review_row(world.a, revision_id)
    assert row.reviewer_id == other.id
    assert got == [
        (
            "review_claimed",
            {
                "plan_id": plan_id,
                "review_id": row.id,
                "by_user_id": other.user_id,
                "taken_from_user_id": world.a.advisor.user_id,
            },
        )
    ]


def test_the_former_holder_cannot_publish_over_the_new_claim(world, auth, client, arrange):
    other = _second_advisor(world)
    plan_id, revision_id = submitted(world.a)
    review(world.a, plan_id, revision_id, comments_on=["impact"])
    version = review_row(world.a, revision_id).version
    auth.login_as(other)
    client.post(
        screen_url(world, revision_id, "/claim"), data={"take_over_from": str(world.a.advisor.id)}
    )
    auth.logout()
    auth.login_as(world.a.advisor)
    response = client.post(
        screen_url(world, revision_id, "/publish"),
        data={"decision": "approved", "version": str(version)},
        follow_redirects=True,
    )
    assert "Another advisor holds the claim" in response.get_data(as_text=True)
    assert load_plan(world.a, plan_id).state is PlanState.IN_REVIEW


def test_a_draft_is_invisible_to_the_student_until_published(world, auth, client, arrange):
    plan_id, revision_id = submitted(world.a)
    auth.login_as(world.a.advisor)
    client.post(screen_url(world, revision_id, "/claim"))
    client.post(
        screen_url(world, revision_id, "/comments"),
        data={"element_id": "impact", "body": "SECRET-DRAFT-COMMENT"},
    )
    version = review_row(world.a, revision_id).version
    client.post(
        screen_url(world, revision_id, "/draft"),
        data={"version": str(version), "overall_note": "SECRET-DRAFT-NOTE"},
    )
    assert "SECRET-DRAFT-COMMENT" in client.get(screen_url(world, revision_id)).get_data(
        as_text=True
    )
    auth.logout()
    auth.login_as(world.a.student)
    for path in (
        screen_url(world, revision_id),
        f"/{world.a.slug}/blueprints/{plan_id}",
        f"/{world.a.slug}/blueprints/{plan_id}/revisions/1",
    ):
        page = client.get(path).get_data(as_text=True)
        assert "SECRET-DRAFT" not in page, path
    page = client.get(screen_url(world, revision_id)).get_data(as_text=True)
    assert "In review by" in page
    with tenant_scope(world.a.institution):
        comment = db.session.execute(select(ReviewComment)).scalar_one()
    # the student cannot reach a draft comment by its id either
    assert client.post(f"/{world.a.slug}/reviews/comments/{comment.id}/reply",
                       data={"body": "hi"}).status_code == 404  # fmt: skip


def test_request_changes_needs_a_comment_or_a_note(world, auth, client, arrange):
    plan_id, revision_id = submitted(world.a)
    review(world.a, plan_id, revision_id)
    auth.login_as(world.a.advisor)
    version = review_row(world.a, revision_id).version
    page = client.post(
        screen_url(world, revision_id, "/publish"),
        data={"decision": "changes_requested", "version": str(version)},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "leave at least one comment or an overall note" in page
    assert load_plan(world.a, plan_id).state is PlanState.IN_REVIEW


def test_publish_request_changes_then_reply_address_resubmit_approve(world, auth, client, arrange):
    plan_id, revision_id = submitted(world.a)
    with tenant_scope(world.a.institution):
        goal_id = db.session.get(PlanRevision, revision_id).content.goals[0].id
    made = review(world.a, plan_id, revision_id, comments_on=[f"goal:{goal_id}"])
    auth.login_as(world.a.advisor)
    row = review_row(world.a, revision_id)
    with heard() as got:
        client.post(
            screen_url(world, revision_id, "/publish"),
            data={
                "decision": "changes_requested",
                "version": str(row.version),
                "overall_note": "Tighten goal 1.",
            },
        )
    plan = load_plan(world.a, plan_id)
    assert plan.state is PlanState.CHANGES_REQUESTED
    with tenant_scope(world.a.institution):
        revision = db.session.get(PlanRevision, revision_id)
        assert revision.state is RevisionState.CHANGES_REQUESTED and revision.decided_at
        published = review_row(world.a, revision_id)
        assert published.state is ReviewState.PUBLISHED
        assert published.published_at is not None
        actions = set(db.session.execute(select(AuditEvent.action)).scalars())
    assert {"review.claimed", "review.published", "plan.request_changes"} <= actions
    assert got == [
        (
            "review_published",
            {
                "plan_id": plan_id,
                "review_id": row.id,
                "decision": "changes_requested",
                "by_user_id": world.a.advisor.user_id,
            },
        )
    ]
    auth.logout()
    auth.login_as(world.a.student)
    page = client.get(screen_url(world, revision_id)).get_data(as_text=True)
    assert "Changes requested" in page and "Tighten goal 1." in page
    assert f'href="#comment-{made[0]}"' in page  # the banner links to the open comment
    with heard() as got:
        client.post(
            f"/{world.a.slug}/reviews/comments/{made[0]}/reply",
            data={"body": "Done: the measure is a number now."},
        )
    assert [(n, k["to_user_ids"], k["by_user_id"]) for n, k in got] == [
        ("comment_replied", [world.a.advisor.user_id], world.a.student.user_id)
    ]
    with tenant_scope(world.a.institution):
        version = db.session.get(ReviewComment, made[0]).version
    client.post(
        f"/{world.a.slug}/reviews/comments/{made[0]}/addressed", data={"version": str(version)}
    )
    with tenant_scope(world.a.institution):
        assert db.session.get(ReviewComment, made[0]).status is CommentStatus.ADDRESSED
    # edit the commented goal and resubmit
    with tenant_scope(world.a.institution):
        content = db.session.get(PlanRevision, revision_id).content
    content.goals[0].measure = "Report out by 9 am four Mondays running"
    fields = form_fields(content, plan.version)
    response = client.post(f"/{world.a.slug}/blueprints/{plan_id}/submit", data=fields)
    assert response.status_code == 302
    second = latest_revision_id(world.a, plan_id)
    assert second != revision_id
    auth.logout()
    auth.login_as(world.a.advisor)
    client.post(screen_url(world, second, "/claim"))
    page = client.get(screen_url(world, second)).get_data(as_text=True)
    assert "Changed since" in page and "Done: the measure is a number now." in page
    assert "Compared with revision 1" in page and "<ins>" in page
    version = review_row(world.a, second).version
    client.post(
        screen_url(world, second, "/publish"),
        data={"decision": "approved", "version": str(version)},
    )
    assert load_plan(world.a, plan_id).state is PlanState.APPROVED


def test_publishing_a_revision_no_longer_current_is_refused(world, auth, client, arrange):
    plan_id, revision_id = submitted(world.a)
    review(world.a, plan_id, revision_id, comments_on=["impact"], decision="changes_requested")
    auth.login_as(world.a.advisor)
    page = client.post(
        screen_url(world, revision_id, "/publish"),
        data={"decision": "approved", "version": "1"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "no longer the one waiting for review" in page
    assert load_plan(world.a, plan_id).state is PlanState.CHANGES_REQUESTED


def test_a_second_publish_with_the_same_version_loses(world, auth, client, arrange):
    plan_id, revision_id = submitted(world.a)
    review(world.a, plan_id, revision_id, comments_on=["impact"])
    version = review_row(world.a, revision_id).version
    auth.login_as(world.a.advisor)
    data = {"decision": "approved", "version": str(version)}
    with heard() as got:
        client.post(screen_url(world, revision_id, "/publish"), data=data)
        page = client.post(
            screen_url(world, revision_id, "/publish"), data=data, follow_redirects=True
        ).get_data(as_text=True)
    assert "no longer the one waiting for review" in page
    assert [name for name, _ in got] == ["review_published"]


def test_an_advisor_outside_the_cohorts_gets_404(world, auth, client, arrange):
    outsider = factories.create_member(world.a.institution, Role.ADVISOR)
    _plan_id, revision_id = submitted(world.a)
    auth.login_as(outsider)
    assert client.get(screen_url(world, revision_id)).status_code == 404
    assert client.post(screen_url(world, revision_id, "/claim")).status_code == 404
    assert review_row(world.a, revision_id) is None
    page = client.get(f"/{world.a.slug}/reviews").get_data(as_text=True)
    assert "Nothing waiting" in page


def test_autosave_answers_json_with_the_new_version(world, auth, client, arrange):
    plan_id, revision_id = submitted(world.a)
    review(world.a, plan_id, revision_id)
    version = review_row(world.a, revision_id).version
    auth.login_as(world.a.advisor)
    answer = client.post(
        screen_url(world, revision_id, "/draft"),
        data={"version": str(version), "overall_note": "Half way", "rating-plan": "2"},
        headers={"Accept": "application/json"},
    ).get_json()
    assert answer["ok"] and answer["version"] == version + 1
    row = review_row(world.a, revision_id)
    assert row.overall_note == "Half way" and row.ratings["plan"]["level"] == 2
    stale = client.post(
        screen_url(world, revision_id, "/draft"),
        data={"version": str(version), "overall_note": "Other tab"},
        headers={"Accept": "application/json"},
    )
    assert stale.status_code == 409 and review_row(world.a, revision_id).overall_note == "Half way"


def test_submitting_with_gaps_asks_the_student_to_confirm(world, auth, client, arrange):
    content = typical_content(insiders=0)
    plan_id = make_plan(world.a, content=content)
    plan = load_plan(world.a, plan_id)
    auth.login_as(world.a.student)
    editor = client.get(f"/{world.a.slug}/blueprints/{plan_id}").get_data(as_text=True)
    assert "Submit anyway, with these gaps" in editor
    fields = form_fields(plan.content, plan.version)
    page = client.post(
        f"/{world.a.slug}/blueprints/{plan_id}/submit", data=fields, follow_redirects=True
    ).get_data(as_text=True)
    assert "still has gaps" in page and "insider" in page
    assert load_plan(world.a, plan_id).state is PlanState.DRAFT
    plan = load_plan(world.a, plan_id)
    fields = form_fields(plan.content, plan.version)
    client.post(
        f"/{world.a.slug}/blueprints/{plan_id}/submit", data={**fields, "confirm_gaps": "1"}
    )
    assert load_plan(world.a, plan_id).state is PlanState.SUBMITTED
