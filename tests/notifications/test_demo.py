"""Demo notifications follow the demo blueprints."""

from __future__ import annotations

from sqlalchemy import select

from careercenter.demo import seed_demo
from careercenter.extensions import db
from careercenter.notifications.models import Kind, Notification
from careercenter.plans.models import Plan, PlanState
from careercenter.reviews.demo import JOURNEY_EMPLOYER
from careercenter.tenancy.scoping import tenant_scope


def _rows(demo, member):
    return db.session.execute(
        select(Notification, Plan)
        .join(Plan, Plan.id == Notification.plan_id)
        .where(Notification.recipient_id == member.id)
        .order_by(Notification.id)
    ).all()


def test_demo_advisor_and_student_have_read_and_unread_notifications(app, tmp_path):
    app.config["MAIL_OUTBOX"] = str(tmp_path)
    with app.app_context():
        seeded = seed_demo()
        with tenant_scope(seeded[0].institution):
            before = db.session.scalar(select(db.func.count(Notification.id)))
        seeded = seed_demo()  # idempotent
        demo = seeded[0]
        with tenant_scope(demo.institution):
            assert db.session.scalar(select(db.func.count(Notification.id))) == before
            advisor = _rows(demo, demo.advisor)
            kinds = {n.kind for n, _ in advisor}
            assert kinds == {Kind.SUBMITTED}
            unread = [(n, plan) for n, plan in advisor if n.read_at is None]
            read = [(n, plan) for n, plan in advisor if n.read_at is not None]
            assert unread and read
            # Unread: a blueprint that still waits for review; one per blueprint.
            assert all(plan.state is PlanState.SUBMITTED for _, plan in unread)
            assert len({plan.id for _, plan in unread}) == len(unread)
            waiting = db.session.scalars(
                select(Plan.id).where(Plan.state == PlanState.SUBMITTED)
            ).all()
            assert {plan.id for _, plan in unread} == set(waiting)

            every_student = (
                db.session.execute(select(Notification).where(Notification.kind == Kind.PUBLISHED))
                .scalars()
                .all()
            )
            assert any(n.read_at is None for n in every_student)
            # (the reviews step's journey blueprint is told by the signals themselves)
            student = [r for r in _rows(demo, demo.student) if r[1].employer != JOURNEY_EMPLOYER]
            assert [n.kind for n, _ in student] == [Kind.CLAIMED, Kind.PUBLISHED]
            (claim, plan), (decision, _) = student
            assert "is reviewing your blueprint" in claim.text and claim.read_at is not None
            assert "requested changes" in decision.text and decision.read_at is None
            assert plan.revision_count == 2
