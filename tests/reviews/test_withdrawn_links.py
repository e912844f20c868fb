"""A submission the student withdrew: the advisor's earlier "submitted" notification (and its
mail) leads on to what still waits, saying why, never to a 404; others still get 404."""

from __future__ import annotations

from sqlalchemy import select

from careercenter.extensions import db
from careercenter.notifications.models import Kind, Notification
from careercenter.tenancy.models import Role
from careercenter.tenancy.scoping import tenant_scope

from .. import factories
from ..plans.helpers import form_fields, load_plan
from .helpers import submitted


def _submitted_notification(world) -> Notification:
    with tenant_scope(world.a.institution):
        db.session.expire_all()
        return db.session.execute(
            select(Notification)
            .where(
                Notification.recipient_id == world.a.advisor.id,
                Notification.kind == Kind.SUBMITTED,
            )
            .order_by(Notification.id.desc())
            .limit(1)
        ).scalar_one()


def _withdraw(world, auth, client, plan_id):
    auth.login_as(world.a.student)
    assert client.post(f"/{world.a.slug}/blueprints/{plan_id}/withdraw").status_code == 302
    auth.logout()


def _open(client, world, notification) -> tuple[str, str]:
    """Open the notification as the list does; return where it led and the page there."""
    response = client.post(f"/{world.a.slug}/notifications/{notification.id}/open")
    assert response.status_code == 302 and response.headers["Location"] == notification.link
    landing = client.get(notification.link)
    assert landing.status_code == 302, landing.status_code  # not a 404
    final = client.get(landing.headers["Location"])
    assert final.status_code == 200
    return landing.headers["Location"], final.get_data(as_text=True)


def test_the_notification_of_a_withdrawn_submission_leads_to_the_queue(world, auth, client):
    plan_id, revision_id = submitted(world.a)
    notification = _submitted_notification(world)
    assert notification.link.endswith(f"/reviews/{revision_id}")
    _withdraw(world, auth, client, plan_id)

    auth.login_as(world.a.advisor)
    where, page = _open(client, world, notification)
    assert where.endswith(f"/{world.a.slug}/reviews")
    assert "withdrew revision 1" in page and "no longer waits for review" in page
    # Admins land there too.
    auth.login_as(world.a.admin)
    assert client.get(notification.link).headers["Location"].endswith("/reviews")


def test_after_a_resubmission_it_leads_to_the_new_revision(world, auth, client):
    plan_id, first = submitted(world.a)
    notification = _submitted_notification(world)
    _withdraw(world, auth, client, plan_id)
    auth.login_as(world.a.student)
    plan = load_plan(world.a, plan_id)
    client.post(
        f"/{world.a.slug}/blueprints/{plan_id}/submit",
        data=form_fields(plan.content, plan.version),
    )
    second = _submitted_notification(world).link.rsplit("/", 1)[1]
    assert second != str(first)

    auth.login_as(world.a.advisor)
    where, page = _open(client, world, notification)
    assert where.endswith(f"/reviews/{second}")
    assert "withdrew revision 1" in page and "this is revision 2" in page


def test_staff_who_do_not_oversee_the_student_still_get_404(world, auth, client):
    plan_id, revision_id = submitted(world.a)
    _withdraw(world, auth, client, plan_id)
    stranger = factories.create_member(world.a.institution, Role.ADVISOR, name="Other Advisor")
    auth.login_as(stranger)
    assert client.get(f"/{world.a.slug}/reviews/{revision_id}").status_code == 404
    auth.login_as(world.b.advisor)
    assert client.get(f"/{world.b.slug}/reviews/{revision_id}").status_code == 404
    # The student still reads their own withdrawn revision.
    auth.login_as(world.a.student)
    assert client.get(f"/{world.a.slug}/reviews/{revision_id}").status_code == 200
