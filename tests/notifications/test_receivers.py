"""Who hears of what: each signal of `events.py` turned into notifications and mail."""

from __future__ import annotations

from sqlalchemy import select

from careercenter import events
from careercenter.extensions import db
from careercenter.notifications.models import Delivery, Kind
from careercenter.tenancy.models import Role
from careercenter.tenancy.scoping import tenant_scope

from .. import factories
from ..plans.helpers import make_plan, typical_content
from .conftest import notifications_of, page_of, send


def _submitted(world, **header) -> int:
    return make_plan(world.a, content=typical_content(), submit=True, **header)


def test_a_submission_tells_the_advisors_of_the_plans_cohort(world, outbox):
    other = factories.create_member(world.a.institution, Role.ADVISOR, name="Other Advisor")
    factories.create_cohort(world.a.institution, advisors=[other], students=[world.a.student])
    plan_id = _submitted(world, cohort_id=world.a.cohort.id)

    [notice] = notifications_of(world.a.advisor)
    assert notice.kind is Kind.SUBMITTED and notice.plan_id == plan_id
    assert notice.text == (
        "alpha student submitted “Business Analyst at Northwind Health” for review."
    )
    assert notice.link == page_of(world.a, plan_id)
    assert notice.delivery is Delivery.EMAIL and notice.read_at is None
    assert notifications_of(other) == []  # not the plan's cohort
    assert notifications_of(world.a.student) == []  # the student acted
    assert notifications_of(world.b.advisor) == []
    assert len(outbox.to(world.a.advisor.user.email)) == 1
    assert outbox.to(other.user.email) == []


def test_a_submission_without_a_cohort_tells_every_cohort_of_the_student(world, outbox):
    other = factories.create_member(world.a.institution, Role.ADVISOR)
    stranger = factories.create_member(world.a.institution, Role.ADVISOR)
    factories.create_cohort(world.a.institution, advisors=[other], students=[world.a.student])
    factories.create_cohort(world.a.institution, advisors=[stranger])  # not the student's
    archived = factories.create_member(world.a.institution, Role.ADVISOR)
    factories.create_cohort(
        world.a.institution, advisors=[archived], students=[world.a.student], status="archived"
    )
    _submitted(world)
    assert len(notifications_of(world.a.advisor)) == 1
    assert len(notifications_of(other)) == 1
    assert notifications_of(stranger) == []
    assert notifications_of(archived) == []


def test_a_resubmission_says_so(world, outbox):
    from careercenter.plans import services
    from careercenter.plans.models import Plan

    plan_id = _submitted(world)
    with tenant_scope(world.a.institution):
        plan = db.session.get(Plan, plan_id)
        services.request_changes(plan)
        services.submit_plan(plan)
        db.session.commit()
    texts = [n.text for n in notifications_of(world.a.advisor)]
    assert texts[1] == (
        "alpha student resubmitted “Business Analyst at Northwind Health” (revision 2) for review."
    )


def test_the_advisor_who_acts_is_not_told(world, outbox):
    from careercenter.plans.models import PlanRevision

    plan_id = _submitted(world)
    revision_id = db.session.scalar(select(PlanRevision.id).where(PlanRevision.plan_id == plan_id))
    send(
        events.blueprint_submitted,
        world.a,
        plan_id=plan_id,
        revision_id=revision_id,
        by_user_id=world.a.advisor.user_id,
    )
    assert len(notifications_of(world.a.advisor)) == 1  # only the student's submission


def test_a_claim_tells_the_student_and_a_takeover_the_advisor_it_was_taken_from(world, outbox):
    plan_id = _submitted(world)
    second = factories.create_member(world.a.institution, Role.ADVISOR, name="Second Advisor")
    send(
        events.review_claimed,
        world.a,
        plan_id=plan_id,
        review_id=1,
        by_user_id=world.a.advisor.user_id,
        taken_from_user_id=None,
    )
    [claimed] = notifications_of(world.a.student)
    assert claimed.kind is Kind.CLAIMED
    assert claimed.text.startswith("alpha advisor is reviewing your blueprint")
    assert len(notifications_of(world.a.advisor)) == 1  # the submission only: they claimed

    send(
        events.review_claimed,
        world.a,
        plan_id=plan_id,
        review_id=1,
        by_user_id=second.user_id,
        taken_from_user_id=world.a.advisor.user_id,
    )
    assert notifications_of(world.a.student)[-1].text.startswith(
        "Second Advisor took over the review of your blueprint"
    )
    taken = notifications_of(world.a.advisor)[-1]
    assert taken.kind is Kind.CLAIMED
    assert taken.text == (
        "Second Advisor took over your review of alpha student’s blueprint "
        "“Business Analyst at Northwind Health”."
    )
    assert notifications_of(second) == []
    assert len(outbox.to(world.a.student.user.email)) == 2


def test_a_published_review_tells_the_student_the_decision(world, outbox):
    plan_id = _submitted(world)
    for decision in ("changes_requested", "approved"):
        send(
            events.review_published,
            world.a,
            plan_id=plan_id,
            review_id=1,
            decision=decision,
            by_user_id=world.a.advisor.user_id,
        )
    changes, approved = notifications_of(world.a.student)
    assert changes.kind is approved.kind is Kind.PUBLISHED
    assert "requested changes to your blueprint" in changes.text
    assert approved.text == (
        "alpha advisor approved your blueprint “Business Analyst at Northwind Health”."
    )
    subjects = [m["Subject"] for m in outbox.to(world.a.student.user.email)]
    assert subjects == [
        "Alpha University: Changes requested on your blueprint",
        "Alpha University: Your blueprint is approved",
    ]


def test_a_wait_past_the_target_tells_the_advisors(world, outbox):
    plan_id = _submitted(world)
    send(events.review_overdue, world.a, plan_id=plan_id, revision_id=1)
    overdue = notifications_of(world.a.advisor)[-1]
    assert overdue.kind is Kind.OVERDUE
    assert "has waited past the first-response target" in overdue.text
    assert [n.kind for n in notifications_of(world.a.student)] == []


def test_a_reply_tells_the_others_in_the_thread_never_the_replier(world, outbox):
    plan_id = _submitted(world)
    send(
        events.comment_replied,
        world.a,
        plan_id=plan_id,
        comment_id=1,
        reply_id=2,
        by_user_id=world.a.student.user_id,
        # the replier by mistake, and someone of another institution: neither is told
        to_user_ids=[world.a.advisor.user_id, world.a.student.user_id, world.b.advisor.user_id],
    )
    reply = notifications_of(world.a.advisor)[-1]
    assert reply.kind is Kind.REPLIED
    assert reply.text == (
        "alpha student replied to a comment on alpha student’s blueprint "
        "“Business Analyst at Northwind Health”."
    )
    assert notifications_of(world.a.student) == []
    assert notifications_of(world.b.advisor) == []
    send(
        events.comment_replied,
        world.a,
        plan_id=plan_id,
        comment_id=1,
        reply_id=3,
        by_user_id=world.a.advisor.user_id,
        to_user_ids=[world.a.student.user_id],
    )
    [to_student] = notifications_of(world.a.student)
    assert to_student.text.startswith("alpha advisor replied to a comment on your blueprint")


def test_a_signal_about_another_institutions_plan_tells_nobody(world, outbox):
    foreign = make_plan(world.b, content=typical_content(), submit=True)
    send(
        events.review_published,
        world.a,
        plan_id=foreign,
        review_id=1,
        decision="approved",
        by_user_id=world.a.advisor.user_id,
    )
    assert notifications_of(world.a.student) == []
    assert notifications_of(world.b.student) == []


def test_inactive_members_are_not_told(world, outbox):
    from careercenter.tenancy.models import Membership

    with tenant_scope(world.a.institution):
        db.session.get(Membership, world.a.advisor.id).active = False
        db.session.commit()
    _submitted(world)
    assert notifications_of(world.a.advisor) == []
    assert outbox.messages() == []


def test_mail_names_the_institution_the_student_the_blueprint_and_the_link(world, outbox):
    plan_id = _submitted(world)
    [mail] = outbox.to(world.a.advisor.user.email)
    assert mail["Subject"] == "Alpha University: alpha student submitted a blueprint for review"
    body = mail.get_content()
    assert "alpha student submitted “Business Analyst at Northwind Health” for review." in body
    assert "Blueprint: Business Analyst at Northwind Health, by alpha student" in body
    assert page_of(world.a, plan_id) in body and "http" in body
    assert "Alpha University" in body
    assert "/alpha/notifications/settings" in body


def test_a_rolled_back_change_sends_nothing(world, outbox):
    plan_id = _submitted(world)
    before = len(outbox.messages())
    with tenant_scope(world.a.institution):
        events.review_published.send(
            None,
            plan_id=plan_id,
            review_id=1,
            decision="approved",
            by_user_id=world.a.advisor.user_id,
        )
        db.session.flush()  # the row was written inside the transaction…
        db.session.rollback()  # …which then failed
    assert notifications_of(world.a.student) == []
    assert len(outbox.messages()) == before


def test_mail_waits_for_the_commit(world, outbox):
    plan_id = _submitted(world)
    before = len(outbox.messages())
    with tenant_scope(world.a.institution):
        events.review_overdue.send(None, plan_id=plan_id, revision_id=1)
        db.session.flush()
        assert len(outbox.messages()) == before  # nothing leaves before the commit
        db.session.commit()
    assert len(outbox.messages()) == before + 1


def test_submitting_through_the_page_tells_the_advisor(world, auth, client, outbox):
    from ..plans.helpers import form_fields, load_plan

    plan_id = make_plan(world.a, content=typical_content())
    plan = load_plan(world.a, plan_id)
    auth.login_as(world.a.student)
    response = client.post(
        f"/{world.a.slug}/blueprints/{plan_id}/submit",
        data=form_fields(plan.content, plan.version),
    )
    assert response.status_code == 302
    assert load_plan(world.a, plan_id).revision_count == 1
    [notice] = notifications_of(world.a.advisor)
    assert notice.link == page_of(world.a, plan_id)
    [mail] = outbox.to(world.a.advisor.user.email)
    assert "http://localhost" + page_of(world.a, plan_id) in mail.get_content()
    # The student's next page still runs in their institution, with its header.
    assert client.get(response.location).status_code == 200
