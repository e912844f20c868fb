"""SAML 2.0 end to end against pysaml2's IdP: sign-in, and every answer that must be refused."""

from __future__ import annotations

import base64

import pytest
from saml2 import time_util
from sqlalchemy import select

from careercenter.audit.models import AuditEvent
from careercenter.extensions import db
from careercenter.sso.models import STUDENTS_JOIN, SsoIdentity
from careercenter.tenancy.models import Membership, Role
from careercenter.tenancy.scoping import unscoped

from .. import factories
from .conftest import connect_saml
from .providers import local
from .saml_idp import Person

ADA = Person("ada@northfield.edu", "ada@northfield.edu", "Ada Lovelace", ["student@northfield.edu"])


@pytest.fixture
def campus(arrange, saml_idp):
    northfield = factories.create_institution("northfield", "Northfield University")
    lakeside = factories.create_institution("lakeside", "Lakeside College")
    connect_saml(northfield, saml_idp, newcomers=STUDENTS_JOIN, affiliation_scope="northfield.edu")
    connect_saml(lakeside, saml_idp)
    return northfield, lakeside


def start(client, slug: str) -> str:
    response = client.get(f"/sso/{slug}/start")
    assert response.status_code == 302
    return response.location


def post(client, acs: str, encoded: str):
    return client.post(local(acs), data={"SAMLResponse": encoded})


def sign_in(client, idp, slug: str, person: Person = ADA, **options):
    return post(client, *idp.answer(start(client, slug), person, **options))


def failures(reason: str | None = None) -> list[AuditEvent]:
    with unscoped():
        events = db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "sso.login_failed")
        ).scalars()
        return [e for e in events if reason is None or (e.detail or {}).get("reason") == reason]


def assert_refused(response, client, slug="northfield"):
    assert response.status_code == 403
    assert "We could not sign you in" in response.get_data(as_text=True)
    assert client.get(f"/{slug}/").status_code == 302  # still signed out


def test_student_of_the_scope_joins_and_second_sign_in_reuses_the_link(client, campus, saml_idp):
    northfield, _ = campus
    response = sign_in(client, saml_idp, "northfield")
    assert response.status_code == 302 and response.location.endswith("/northfield/")
    assert client.get("/northfield/").status_code == 200
    with unscoped():
        identity = db.session.execute(select(SsoIdentity)).scalar_one()
        membership = db.session.execute(select(Membership)).scalar_one()
    assert identity.subject == "ada@northfield.edu" and identity.institution_id == northfield.id
    assert identity.user.name == "Ada Lovelace"
    assert membership.role is Role.STUDENT
    client.post("/logout")
    assert sign_in(client, saml_idp, "northfield").location.endswith("/northfield/")
    with unscoped():
        assert len(db.session.execute(select(SsoIdentity)).scalars().all()) == 1
        logins = (
            db.session.execute(select(AuditEvent).where(AuditEvent.action == "sso.login"))
            .scalars()
            .all()
        )
    assert len(logins) == 2


def test_staff_affiliation_does_not_join(client, campus, saml_idp):
    staff = Person("sam@northfield.edu", "sam@northfield.edu", "Sam", ["staff@northfield.edu"])
    assert_refused(sign_in(client, saml_idp, "northfield", staff), client)
    assert failures("not_invited")


def test_only_invited_people_at_lakeside(client, campus, saml_idp):
    assert_refused(sign_in(client, saml_idp, "lakeside"), client, "lakeside")
    assert failures("not_invited")


def test_unsigned_assertion_is_refused(client, campus, saml_idp):
    assert_refused(sign_in(client, saml_idp, "northfield", signed=False), client)
    assert failures("bad_signature")
    with unscoped():
        assert db.session.execute(select(Membership)).first() is None


def test_tampered_signature_is_refused(client, campus, saml_idp):
    acs, encoded = saml_idp.answer(start(client, "northfield"), ADA)
    xml = base64.b64decode(encoded).decode()
    assert "ada@northfield.edu" in xml
    forged = base64.b64encode(xml.replace("Ada Lovelace", "Eve Forger").encode()).decode()
    assert_refused(post(client, acs, forged), client)
    assert failures("bad_signature")


def test_wrong_audience_is_refused(app, client, campus, saml_idp):
    with app.test_request_context():
        from careercenter.sso.saml import entity_id

        lakeside_sp = entity_id("lakeside")
    assert_refused(sign_in(client, saml_idp, "northfield", audience=lakeside_sp), client)
    assert failures("wrong_audience")


def test_expired_assertion_is_refused(client, campus, saml_idp, monkeypatch):
    """An assertion valid for the IdP's 5 minutes, arriving 10 minutes later (past the skew)."""
    acs, encoded = saml_idp.answer(start(client, "northfield"), ADA)
    real = time_util.utc_now
    monkeypatch.setattr(time_util, "utc_now", lambda: real() + 600)
    assert_refused(post(client, acs, encoded), client)
    assert failures("expired")


def test_assertion_within_the_clock_skew_is_accepted(client, campus, saml_idp, monkeypatch):
    acs, encoded = saml_idp.answer(start(client, "northfield"), ADA)
    real = time_util.utc_now
    monkeypatch.setattr(time_util, "utc_now", lambda: real() + 5 * 60 + 60)
    assert post(client, acs, encoded).status_code == 302


def test_replayed_assertion_is_refused(client, campus, saml_idp):
    acs, encoded = saml_idp.answer(start(client, "northfield"), ADA)
    assert post(client, acs, encoded).status_code == 302
    client.post("/logout")
    assert_refused(post(client, acs, encoded), client)
    assert failures("unknown_request")


def test_unsolicited_response_is_refused(app, client, campus, saml_idp):
    """IdP-initiated sign-in is off: an answer to a request another browser never sent."""
    other = app.test_client()
    acs, encoded = saml_idp.answer(start(other, "northfield"), ADA)
    with unscoped():
        from careercenter.sso.models import SsoRequest

        db.session.execute(SsoRequest.__table__.delete())
        db.session.commit()
    assert_refused(post(client, acs, encoded), client)
    assert failures("unknown_request")


def test_northfield_assertion_posted_to_lakeside_is_refused(client, campus, saml_idp):
    factories.create_member(campus[1], Role.STUDENT, email="ada@northfield.edu")
    acs, encoded = saml_idp.answer(start(client, "northfield"), ADA)
    response = post(client, acs.replace("/sso/northfield/", "/sso/lakeside/"), encoded)
    assert_refused(response, client, "lakeside")
    assert len(failures()) == 1
    with unscoped():
        assert db.session.execute(select(SsoIdentity)).first() is None


def test_external_entities_are_not_parsed(client, campus, saml_idp):
    start(client, "northfield")
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&x;</samlp:Response>'
    )
    response = post(client, "/sso/northfield/saml/acs", base64.b64encode(xxe.encode()).decode())
    assert_refused(response, client)
    assert failures("unsafe_xml")
    assert "root:" not in response.get_data(as_text=True)


def test_sp_metadata_is_signed_and_answers_for_any_institution(client, campus):
    response = client.get("/sso/lakeside/saml/metadata")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "http://localhost/sso/lakeside/saml/acs" in body
    assert "<ds:Signature" in body or "Signature" in body
    assert client.get("/sso/nowhere/saml/metadata").status_code == 404
