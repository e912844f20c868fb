"""Cross-tenant cases for the notification routes (a notification of world.b's student)."""

from __future__ import annotations

from careercenter import events
from careercenter.extensions import db
from careercenter.notifications.models import Notification
from careercenter.tenancy.scoping import tenant_scope

from ...plans.helpers import make_plan, typical_content
from . import case


def _notification(world):
    plan_id = make_plan(world.b, content=typical_content(), submit=True)
    with tenant_scope(world.b.institution):
        events.review_published.send(
            None,
            plan_id=plan_id,
            review_id=1,
            decision="approved",
            by_user_id=world.b.advisor.user_id,
        )
        db.session.commit()
        notification = (
            db.session.query(Notification).filter_by(recipient_id=world.b.student.id).one()
        )
    return {"notification_id": notification.id}


for _endpoint in ("notifications.open_one", "notifications.mark_read"):
    case(_endpoint, role="student", method="POST")(_notification)
