"""Sign-in events belong to the institution signed in to, never to every membership."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from careercenter.audit import AuditEvent
from careercenter.extensions import db
from careercenter.tenancy.scoping import unscoped

from .. import factories


@pytest.fixture
def two_campus(world, arrange):
    person = factories.create_user(name="Two Campus Advisor")
    factories.create_member(world.a.institution, "advisor", user=person)
    factories.create_member(world.b.institution, "advisor", user=person)
    return person


def _events(action: str) -> list[int | None]:
    db.session.expire_all()
    with unscoped():
        return list(
            db.session.execute(
                select(AuditEvent.institution_id)
                .where(AuditEvent.action == action)
                .order_by(AuditEvent.id)
            ).scalars()
        )


def test_sign_in_waits_for_the_pick_and_is_recorded_once_for_it(two_campus, world, auth, client):
    assert auth.login(two_campus.email).status_code == 302
    assert _events("auth.login") == []
    assert client.get("/institutions").status_code == 200
    assert _events("auth.login") == []
    assert client.get(f"/{world.b.slug}/").status_code == 200
    assert _events("auth.login") == [world.b.institution.id]
    client.get(f"/{world.a.slug}/")  # switching later is not another sign-in
    client.get(f"/{world.b.slug}/")
    assert _events("auth.login") == [world.b.institution.id]


def test_sign_in_with_next_is_recorded_for_that_institution(two_campus, world, auth, client):
    response = auth.login(two_campus.email, next=f"/{world.b.slug}/members")
    assert response.status_code == 302
    assert _events("auth.login") == [world.b.institution.id]
    client.get(f"/{world.a.slug}/")
    assert _events("auth.login") == [world.b.institution.id]


def test_next_of_an_institution_one_is_not_in_waits_for_the_pick(two_campus, world, auth, arrange):
    stranger = factories.create_institution(slug="gamma")
    auth.login(two_campus.email, next=f"/{stranger.slug}/")
    assert _events("auth.login") == []


def test_only_membership_gets_the_sign_in(world, auth):
    auth.login(world.b.student.user.email, next=f"/{world.a.slug}/")
    assert _events("auth.login") == [world.b.institution.id]


def test_failed_sign_in_is_platform_level_unless_next_names_the_persons_institution(
    two_campus, world, auth
):
    auth.login(two_campus.email, "wrong password!")
    auth.login(two_campus.email, "wrong password!", next=f"/{world.b.slug}/")
    auth.login(world.b.student.user.email, "wrong password!", next=f"/{world.a.slug}/")
    auth.login("nobody@people.example", "wrong password!", next=f"/{world.a.slug}/")
    assert _events("auth.login_failed") == [None, world.b.institution.id, None, None]


def test_audit_log_shows_no_sign_in_made_for_another_institution(two_campus, world, auth, app):
    auth.login(two_campus.email, next=f"/{world.b.slug}/")
    auth.login(two_campus.email, "wrong password!", next=f"/{world.b.slug}/")
    admin = app.test_client()
    admin.post("/login", data={"email": world.a.admin.user.email, "password": factories.PASSWORD})
    page = admin.get(f"/{world.a.slug}/audit").text
    assert "Two Campus Advisor" not in page and "Failed sign-in" not in page
    other_admin = app.test_client()
    other_admin.post(
        "/login", data={"email": world.b.admin.user.email, "password": factories.PASSWORD}
    )
    page = other_admin.get(f"/{world.b.slug}/audit").text
    assert "Two Campus Advisor" in page and "Failed sign-in" in page


def test_an_unpicked_sign_in_does_not_leak_into_the_next_one(two_campus, world, auth, client):
    auth.login(two_campus.email)
    auth.logout()
    auth.login_as(world.a.student)
    client.get(f"/{world.a.slug}/")
    assert _events("auth.login") == [world.a.institution.id]


def test_a_failed_sign_in_made_while_signed_in_names_no_actor(world, auth, arrange):
    auth.login_as(world.a.admin)
    auth.login(world.a.student.user.email, "wrong password, clearly")
    auth.login("nobody@nowhere.example", "wrong password, clearly")
    db.session.expire_all()
    with unscoped():
        actors = db.session.execute(
            select(AuditEvent.actor_id).where(AuditEvent.action == "auth.login_failed")
        ).scalars()
        assert list(actors) == [None, None]
