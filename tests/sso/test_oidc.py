"""OpenID Connect end to end against the certified `oidc-provider` on 127.0.0.1."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from careercenter.audit.models import AuditEvent
from careercenter.extensions import db
from careercenter.sso.models import STUDENTS_JOIN, SsoIdentity, SsoRequest
from careercenter.tenancy.models import Membership, Role
from careercenter.tenancy.scoping import tenant_scope, unscoped

from .. import factories
from .conftest import connect_oidc
from .providers import local, op_sign_in


@pytest.fixture
def campus(arrange, op_issuer):
    northfield = factories.create_institution("northfield", "Northfield University")
    lakeside = factories.create_institution("lakeside", "Lakeside College")
    connect_oidc(northfield, op_issuer, newcomers=STUDENTS_JOIN, email_domains="northfield.edu")
    connect_oidc(lakeside, op_issuer)
    return northfield, lakeside


def start(client, slug: str) -> str:
    response = client.get(f"/sso/{slug}/start")
    assert response.status_code == 302
    return response.location


def sign_in(client, slug: str, login: str):
    return client.get(local(op_sign_in(start(client, slug), login)))


def failures(reason: str) -> list[AuditEvent]:
    with unscoped():
        return [
            e
            for e in db.session.execute(
                select(AuditEvent).where(AuditEvent.action == "sso.login_failed")
            ).scalars()
            if (e.detail or {}).get("reason") == reason
        ]


def test_newcomer_student_joins_then_second_sign_in_reuses_the_link(client, campus):
    northfield, _ = campus
    response = sign_in(client, "northfield", "ada@northfield.edu")
    assert response.status_code == 302
    assert response.location.endswith("/northfield/")
    assert client.get("/northfield/").status_code == 200
    with unscoped():
        identity = db.session.execute(select(SsoIdentity)).scalar_one()
        membership = db.session.execute(
            select(Membership).where(Membership.user_id == identity.user_id)
        ).scalar_one()
    assert identity.subject == "ada@northfield.edu"
    assert identity.institution_id == northfield.id
    assert membership.role is Role.STUDENT
    assert identity.user.password_hash is None

    client.post("/logout")
    again = sign_in(client, "northfield", "ada@northfield.edu")
    assert again.location.endswith("/northfield/")
    with unscoped():
        assert db.session.execute(select(SsoIdentity)).scalars().all() == [identity]
        logins = (
            db.session.execute(select(AuditEvent).where(AuditEvent.action == "sso.login"))
            .scalars()
            .all()
        )
    assert len(logins) == 2
    assert {e.institution_id for e in logins} == {northfield.id}


def test_outsider_is_refused_when_only_invited_people_may_sign_in(client, campus):
    response = sign_in(client, "lakeside", "eve@elsewhere.edu")
    assert response.status_code == 403
    assert "not a member of this career center" in response.get_data(as_text=True)
    assert client.get("/lakeside/").status_code == 302  # not signed in
    assert failures("not_invited")


def test_domain_outside_the_rule_is_refused(client, campus):
    response = sign_in(client, "northfield", "mallory@gmail.example")
    assert response.status_code == 403
    assert failures("not_invited")


def test_invited_person_accepts_with_the_admins_role(client, campus):
    _, lakeside = campus
    factories.create_member(
        lakeside, Role.ADVISOR, invited=True, email="ben@lakeside.edu", password=None
    )
    response = sign_in(client, "lakeside", "ben@lakeside.edu")
    assert response.status_code == 302
    with unscoped():
        membership = db.session.execute(select(Membership)).scalar_one()
    assert membership.is_accepted and membership.active
    assert membership.role is Role.ADVISOR  # the admin's invitation, not the IdP


def test_existing_account_links_only_after_its_password(client, campus):
    northfield, _ = campus
    member = factories.create_member(northfield, Role.STUDENT, email="cleo@northfield.edu")
    response = sign_in(client, "northfield", "cleo@northfield.edu")
    assert response.location.endswith("/sso/northfield/link")
    assert client.get("/northfield/").status_code == 302  # no silent merge
    wrong = client.post("/sso/northfield/link", data={"password": "not it at all"})
    assert "not the password" in wrong.get_data(as_text=True)
    with unscoped():
        assert db.session.execute(select(SsoIdentity)).first() is None
    right = client.post("/sso/northfield/link", data={"password": factories.PASSWORD})
    assert right.status_code == 302 and right.location.endswith("/northfield/")
    with unscoped():
        identity = db.session.execute(select(SsoIdentity)).scalar_one()
    assert identity.user_id == member.user_id
    client.post("/logout")
    assert sign_in(client, "northfield", "cleo@northfield.edu").location.endswith("/northfield/")


def test_sso_never_grants_staff_roles_to_newcomers(client, campus):
    sign_in(client, "northfield", "dan@northfield.edu")
    with unscoped():
        roles = set(db.session.execute(select(Membership.role)).scalars())
    assert roles == {Role.STUDENT}


def test_wrong_state_is_refused(client, campus):
    callback = op_sign_in(start(client, "northfield"), "ada@northfield.edu")
    tampered = callback.replace("state=", "state=x")
    response = client.get(local(tampered))
    assert response.status_code == 403
    assert "does not belong to a sign-in started in this browser" in response.get_data(as_text=True)
    assert failures("wrong_state")
    assert client.get("/northfield/").status_code == 302


def test_state_from_another_browser_is_refused(app, client, campus):
    callback = op_sign_in(start(client, "northfield"), "ada@northfield.edu")
    other = app.test_client()
    assert other.get(local(callback)).status_code == 403
    assert failures("wrong_state")


def test_wrong_nonce_is_refused(client, campus, arrange):
    northfield, _ = campus
    callback = op_sign_in(start(client, "northfield"), "ada@northfield.edu")
    with tenant_scope(northfield):
        db.session.execute(update(SsoRequest).values(nonce="not-the-nonce-sent"))
        db.session.commit()
    response = client.get(local(callback))
    assert response.status_code == 403
    assert "nonce" in response.get_data(as_text=True)
    assert failures("wrong_nonce")
    assert client.get("/northfield/").status_code == 302


def test_replayed_callback_is_refused(app, client, campus):
    callback = op_sign_in(start(client, "northfield"), "ada@northfield.edu")
    assert client.get(local(callback)).status_code == 302
    client.post("/logout")
    with client.session_transaction() as session:  # even with the state put back
        session["_sso_state"] = callback.split("state=")[1].split("&")[0]
    assert client.get(local(callback)).status_code == 403
    assert failures("unknown_request")


def test_one_institutions_answer_never_signs_into_another(client, campus):
    """A Northfield callback (state, code) presented at Lakeside's callback is refused."""
    callback = op_sign_in(start(client, "northfield"), "ada@northfield.edu")
    response = client.get(local(callback.replace("/sso/northfield/", "/sso/lakeside/")))
    assert response.status_code == 403
    assert failures("unknown_request")
    with unscoped():
        assert db.session.execute(select(Membership)).first() is None


def test_an_account_linked_to_another_subject_is_refused_not_merged(client, campus):
    northfield, _ = campus
    member = factories.create_member(
        northfield, Role.STUDENT, email="gil@northfield.edu", password=None
    )
    with tenant_scope(northfield):
        db.session.add(SsoIdentity(user_id=member.user_id, subject="gil-old-subject"))
        db.session.commit()
    response = sign_in(client, "northfield", "gil@northfield.edu")
    assert response.status_code == 403
    assert failures("identity_conflict")
