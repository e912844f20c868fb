"""Each person's choice per kind: email at once, in the app only, or the daily digest."""

from __future__ import annotations

from careercenter import events
from careercenter.extensions import db
from careercenter.notifications.digest import send_digests
from careercenter.notifications.models import Delivery, Kind, NotificationPreference
from careercenter.tenancy.scoping import tenant_scope

from ..plans.helpers import make_plan, typical_content
from .conftest import notifications_of, page_of, send


def _choose(tenant, member, kind: Kind, delivery: Delivery) -> None:
    with tenant_scope(tenant.institution):
        db.session.add(
            NotificationPreference(membership_id=member.id, kind=kind, delivery=delivery)
        )
        db.session.commit()


def _publish(world, plan_id, decision="approved"):
    send(
        events.review_published,
        world.a,
        plan_id=plan_id,
        review_id=1,
        decision=decision,
        by_user_id=world.a.advisor.user_id,
    )


def test_email_is_the_default(world, outbox):
    plan_id = make_plan(world.a, content=typical_content(), submit=True)
    _publish(world, plan_id)
    [notice] = notifications_of(world.a.student)
    assert notice.delivery is Delivery.EMAIL
    assert len(outbox.to(world.a.student.user.email)) == 1


def test_in_app_only_sends_no_mail(world, outbox):
    _choose(world.a, world.a.advisor, Kind.SUBMITTED, Delivery.IN_APP)
    plan_id = make_plan(world.a, content=typical_content(), submit=True)
    [notice] = notifications_of(world.a.advisor)
    assert notice.delivery is Delivery.IN_APP
    assert outbox.to(world.a.advisor.user.email) == []
    # A choice is per kind: another kind still mails.
    send(events.review_overdue, world.a, plan_id=plan_id, revision_id=1)
    assert len(outbox.to(world.a.advisor.user.email)) == 1


def test_the_digest_gathers_a_persons_digest_notifications_once(world, outbox, runner):
    _choose(world.a, world.a.student, Kind.PUBLISHED, Delivery.DIGEST)
    _choose(world.b, world.b.student, Kind.PUBLISHED, Delivery.DIGEST)
    plan_id = make_plan(world.a, content=typical_content(), submit=True)
    foreign = make_plan(world.b, content=typical_content(), submit=True)
    _publish(world, plan_id, "changes_requested")
    _publish(world, plan_id, "approved")
    send(
        events.review_claimed,
        world.a,
        plan_id=plan_id,
        review_id=1,
        by_user_id=world.a.advisor.user_id,
        taken_from_user_id=None,
    )  # email kind: mailed at once, never in the digest
    send(
        events.review_published,
        world.b,
        plan_id=foreign,
        review_id=2,
        decision="approved",
        by_user_id=world.b.advisor.user_id,
    )
    student = world.a.student.user.email
    assert [m["Subject"] for m in outbox.to(student)] == [
        "Alpha University: alpha advisor is reviewing your blueprint"
    ]

    result = runner.invoke(args=["notifications", "digest"])
    assert result.exit_code == 0, result.output
    assert "Sent 2 digests." in result.output
    digest = outbox.to(student)[-1]
    assert digest["Subject"] == "Alpha University: 2 notifications today"
    body = digest.get_content()
    assert body.index("requested changes") < body.index("approved your blueprint")
    assert page_of(world.a, plan_id) in body and "http" in body
    assert "is reviewing" not in body  # the claim was mailed already
    assert "Alpha University Career Center" in body
    assert "/alpha/notifications/settings" in body
    [other] = outbox.to(world.b.student.user.email)
    assert "Beta University" in other["Subject"] and "alpha" not in other.get_content()
    assert all(n.digested_at is not None for n in notifications_of(world.a.student)[:2])

    sent = len(outbox.messages())
    result = runner.invoke(args=["notifications", "digest"])
    assert "Sent 0 digests." in result.output
    assert len(outbox.messages()) == sent  # running twice sends nothing new

    _publish(world, plan_id, "approved")  # a new one: the next digest carries it alone
    assert send_digests_in(runner) == 1
    body = outbox.to(student)[-1].get_content()
    assert body.count("approved your blueprint") == 1 and "requested changes" not in body


def send_digests_in(runner) -> int:
    with runner.app.app_context():
        return send_digests()


def test_the_digest_leaves_read_state_alone(world, outbox, runner):
    _choose(world.a, world.a.student, Kind.PUBLISHED, Delivery.DIGEST)
    plan_id = make_plan(world.a, content=typical_content(), submit=True)
    _publish(world, plan_id)
    send_digests_in(runner)
    [notice] = notifications_of(world.a.student)
    assert notice.read_at is None and notice.digested_at is not None
