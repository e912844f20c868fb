"""Published review feedback in a student's records: the ZIP's `feedback.json` holds every
published review of their blueprints (decision, note, rubric, comments with their anchors,
replies, who and when), never a draft nor another student's; removal leaves nothing of it."""

from __future__ import annotations

import copy
import io
import json
import zipfile

from sqlalchemy import select

from careercenter.cohorts.models import CohortStudent
from careercenter.extensions import db
from careercenter.plans import services as plan_services
from careercenter.plans.models import Plan, PlanRevision
from careercenter.reviews import comments, services
from careercenter.reviews.models import CommentReply, Decision, Review, ReviewComment
from careercenter.tenancy.models import Role
from careercenter.tenancy.scoping import tenant_scope

from .. import factories
from ..plans.helpers import make_plan, typical_content
from ..records.test_records import _identifying_rows
from .helpers import latest_revision_id, review


def _published_with_a_reply(tenant, student, answer="By the end of week two.") -> tuple[int, int]:
    """A blueprint of `student` with one published round (rated, two comments, a reply) and a
    draft review of its resubmission; return (plan id, the published comment's id)."""
    plan_id = make_plan(tenant, student=student, content=typical_content(), submit=True)
    revision_id = latest_revision_id(tenant, plan_id)
    with tenant_scope(tenant.institution):
        plan = db.session.get(Plan, plan_id)
        revision = db.session.get(PlanRevision, revision_id)
        goal = revision.content.goals[0]
        action = f"goal:{goal.id}:days_30:{goal.action_ids('days_30')[0]}"
        row = services.claim(plan, revision, tenant.advisor)
        on_action = comments.add_comment(plan, revision, tenant.advisor, action, "Name a date.")
        comments.add_comment(plan, revision, tenant.advisor, "impact", "Say by how much.")
        ratings = {"specific": {"level": "2", "comment": "Close to the posting."}}
        db.session.flush()
        row = services.save_draft(
            plan, revision, tenant.advisor, "Nearly there.", ratings, row.version
        )
        services.publish(plan, revision, tenant.advisor, Decision.CHANGES_REQUESTED, row.version)
        review_row = db.session.get(Review, row.id)
        comments.reply(plan, on_action, review_row, student, answer)
        content = copy.deepcopy(plan.content)
        content.impact = "Managers plan staffing two days earlier."
        plan_services.save_plan(plan, plan.version, {}, content, count_pages=False)
        plan_services.submit_plan(plan)
        db.session.commit()
        comment_id = on_action.id
    second = latest_revision_id(tenant, plan_id)
    review(tenant, plan_id, second, comments_on=["impact"], note="SECRET DRAFT NOTE")
    return plan_id, comment_id


def _archive(client, slug) -> zipfile.ZipFile:
    response = client.post(f"/{slug}/records/export")
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_the_records_hold_published_feedback_only_and_only_theirs(world, auth, client, arrange):
    a = world.a
    plan_id, comment_id = _published_with_a_reply(a, a.student)
    classmate = factories.create_member(a.institution, Role.STUDENT, name="Classmate Zoë")
    with tenant_scope(a.institution):
        db.session.add(CohortStudent(cohort_id=a.cohort.id, membership_id=classmate.id))
        db.session.commit()
    theirs = make_plan(a, student=classmate, content=typical_content(), submit=True)
    review(
        a,
        theirs,
        latest_revision_id(a, theirs),
        comments_on=["impact"],
        decision="approved",
        note="CLASSMATE FEEDBACK",
    )

    auth.login_as(a.student)
    archive = _archive(client, a.slug)
    assert "feedback.json" in archive.namelist()
    (round_one,) = json.loads(archive.read("feedback.json"))
    assert round_one["blueprint_id"] == plan_id and round_one["revision"] == 1
    assert round_one["decision"] == "changes_requested"
    assert round_one["overall_note"] == "Nearly there."
    assert round_one["reviewed_by"] == a.advisor.user.name and round_one["published_at"]
    rated = {r["criterion"]: r for r in round_one["rubric"]}
    assert any(r["comment"] == "Close to the posting." and r["level"] for r in rated.values())
    on_action, on_impact = round_one["comments"]
    assert on_action["on"] == "Goal 1, Days 1–30, action 1"
    assert on_action["element_id"].count(":") == 3 and on_action["text_it_was_made_on"]
    assert on_action["comment"] == "Name a date." and on_action["status"] == "open"
    assert on_action["by"] == a.advisor.user.name and on_action["at"]
    assert on_action["replies"] == [
        {"by": "you", "at": on_action["replies"][0]["at"], "text": "By the end of week two."}
    ]
    assert on_impact["element_id"] == "impact" and on_impact["replies"] == []
    everything = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".json"))
    assert b"SECRET DRAFT NOTE" not in everything and b"About impact" not in everything
    assert b"CLASSMATE FEEDBACK" not in everything
    assert comment_id


def test_removal_leaves_no_feedback_behind(world, auth, client, arrange):
    a = world.a
    student = factories.create_member(
        a.institution, Role.STUDENT, name="Zoë Quintessa", email="zoe.q@people.example"
    )
    with tenant_scope(a.institution):
        db.session.add(CohortStudent(cohort_id=a.cohort.id, membership_id=student.id))
        db.session.commit()
    plan_id, _ = _published_with_a_reply(a, student, "Quintessa answers: week two.")
    kept_plan, _ = _published_with_a_reply(a, a.student)  # a classmate keeps theirs
    student_id, user_id = student.id, student.user_id

    auth.login_as(a.admin)
    response = client.post(
        f"/{a.slug}/records/members/{student_id}/remove",
        data={"confirm_name": "Zoë Quintessa", "version": str(student.version)},
    )
    assert response.status_code == 302
    strings = ["Zoë Quintessa", "zoe.q@people.example", "Quintessa answers"]
    with tenant_scope(a.institution):
        db.session.expire_all()
        assert _identifying_rows(a.institution.id, student_id, user_id, strings) == []
        for model in (Review, ReviewComment):
            assert not db.session.execute(select(model).where(model.plan_id == plan_id)).first()
        assert db.session.execute(select(Review).where(Review.plan_id == kept_plan)).first()
        assert db.session.execute(select(CommentReply)).scalars().all()  # the classmate's
