"""Signing in and out, choosing an institution, remember-me, audit of sign-ins."""

from __future__ import annotations

from sqlalchemy import select

from careercenter.audit import AuditEvent
from careercenter.extensions import db
from careercenter.tenancy.scoping import unscoped

from .. import factories


def test_login_page_has_labelled_email_and_password(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in page and 'name="password"' in page
    assert '<label for="email">' in page and '<label for="password">' in page


def test_sign_in_goes_to_the_only_institution(world, auth, client):
    response = auth.login(world.a.student.user.email)
    assert response.status_code == 302
    home = client.get("/", follow_redirects=True)
    assert home.request.path == f"/{world.a.slug}/"
    assert "Welcome" in home.get_data(as_text=True)


def test_wrong_password_is_refused_and_audited_without_institution(world, auth, client, arrange):
    response = auth.login(world.a.admin.user.email, "not the password")
    assert response.status_code == 200
    assert "do not match" in response.get_data(as_text=True)
    assert client.get(f"/{world.a.slug}/").status_code == 302
    with unscoped():
        events = db.session.execute(
            select(AuditEvent.action, AuditEvent.subject_id, AuditEvent.institution_id)
        ).all()
    # Platform-level: no institution's audit log shows a failure it cannot place.
    assert events == [("auth.login_failed", world.a.admin.user_id, None)]


def test_unknown_email_is_refused_without_saying_so(client, app):
    response = client.post("/login", data={"email": "nobody@nowhere.example", "password": "x" * 12})
    assert "do not match an active account" in response.get_data(as_text=True)


def test_successful_sign_in_is_audited_with_ip(world, auth, arrange):
    auth.login(world.a.advisor.user.email)
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "auth.login")
    ).scalar_one()
    assert event.actor_id == world.a.advisor.user_id
    assert event.institution_id == world.a.institution.id
    assert event.ip == "127.0.0.1"


def test_deactivated_membership_cannot_enter(world, auth, client, arrange):
    person = factories.create_user()
    factories.create_member(world.a.institution, "student", user=person, active=False)
    auth.login(person.email)
    assert client.get(f"/{world.a.slug}/").status_code == 404


def test_deactivated_user_cannot_sign_in(world, auth, client):
    person = factories.create_user(active=False)
    factories.create_member(world.a.institution, "student", user=person)
    response = auth.login(person.email)
    assert response.status_code == 200
    assert client.get(f"/{world.a.slug}/").status_code == 302


def test_person_in_two_institutions_picks_one(world, auth, client):
    person = factories.create_user(name="Two Campus Advisor")
    factories.create_member(world.a.institution, "advisor", user=person)
    factories.create_member(world.b.institution, "advisor", user=person)
    auth.login(person.email)
    page = client.get("/institutions").get_data(as_text=True)
    assert world.a.institution.name in page and world.b.institution.name in page
    assert client.get(f"/{world.a.slug}/").status_code == 200
    assert client.get(f"/{world.b.slug}/").status_code == 200


def test_sign_out_ends_the_session(world, auth, client):
    auth.login_as(world.a.student)
    assert client.get(f"/{world.a.slug}/").status_code == 200
    auth.logout()
    assert client.get(f"/{world.a.slug}/").status_code == 302


def test_remember_me_sets_a_secure_httponly_cookie(world, auth, client):
    response = auth.login(world.a.student.user.email, remember="y")
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "HttpOnly" in remember[0]


def test_anonymous_visit_to_a_tenant_page_redirects_to_sign_in_with_next(world, client):
    response = client.get(f"/{world.a.slug}/")
    assert response.status_code == 302
    assert response.location.startswith("/login?next=")


def test_password_change_invalidates_other_sessions(world, auth, client, arrange):
    auth.login_as(world.a.student)
    user = world.a.student.user
    user.set_password("another long passphrase")
    db.session.commit()
    assert client.get(f"/{world.a.slug}/").status_code == 302
