"""Invitation and password-reset links: signed, expiring, single use."""

from __future__ import annotations

import time

import pytest
from itsdangerous import TimestampSigner

from careercenter.tenancy.models import Role

from .. import factories
from ..members.conftest import Outbox

NEW_PASSWORD = "a long and unusual passphrase"


@pytest.fixture
def outbox(app):
    return Outbox(app)


def _later(monkeypatch, seconds: int) -> None:
    """Make token checks believe `seconds` have passed."""
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) + seconds)


@pytest.fixture
def invitation_link(world, auth, client, outbox):
    auth.login_as(world.a.admin)
    client.post(
        f"/{world.a.slug}/members/invite",
        data={"email": "fresh@uni.example", "name": "Fresh Person", "role": "student"},
    )
    auth.logout()
    return outbox.link_for("fresh@uni.example")


def test_invitation_expires(invitation_link, client, app, monkeypatch):
    _later(monkeypatch, app.config["INVITATION_MAX_AGE"] + 60)
    page = client.get(invitation_link)
    assert page.status_code == 400 and "expired" in page.get_data(as_text=True)
    posted = client.post(invitation_link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert posted.status_code == 400


def test_invitation_still_works_just_before_it_expires(invitation_link, client, app, monkeypatch):
    _later(monkeypatch, app.config["INVITATION_MAX_AGE"] - 60)
    assert client.get(invitation_link).status_code == 200


def test_invitation_works_once(invitation_link, client, auth):
    first = client.post(invitation_link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert first.status_code == 302
    auth.logout()
    again = client.post(invitation_link, data={"password": "another passphrase!", "confirm": "x"})
    assert again.status_code == 400 and "already been used" in again.get_data(as_text=True)
    assert auth.login("fresh@uni.example", NEW_PASSWORD).status_code == 302


def test_tampered_link_is_refused(invitation_link, client):
    page = client.get(invitation_link[:-3] + "abc")
    assert page.status_code == 400 and "not valid" in page.get_data(as_text=True)


def test_reset_link_cannot_serve_as_an_invitation(world, client, outbox):
    client.post("/password/forgot", data={"email": world.a.student.user.email})
    token = outbox.link_for(world.a.student.user.email).rsplit("/", 1)[1]
    assert client.get(f"/invitations/{token}").status_code == 400


@pytest.fixture
def reset_link(world, client, outbox):
    response = client.post("/password/forgot", data={"email": world.a.student.user.email})
    assert response.status_code == 302
    return outbox.link_for(world.a.student.user.email)


def test_password_reset_sets_a_new_password(reset_link, world, client, auth):
    response = client.post(reset_link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    auth.logout()
    assert auth.login(world.a.student.user.email).status_code == 200  # old password refused
    assert auth.login(world.a.student.user.email, NEW_PASSWORD).status_code == 302


def test_password_reset_expires(reset_link, client, app, monkeypatch):
    _later(monkeypatch, app.config["PASSWORD_RESET_MAX_AGE"] + 60)
    page = client.get(reset_link)
    assert page.status_code == 400 and "expired" in page.get_data(as_text=True)


def test_password_reset_works_once(reset_link, client, auth):
    first = client.post(reset_link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert first.status_code == 302
    auth.logout()
    again = client.post(reset_link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert again.status_code == 400 and "already been used" in again.get_data(as_text=True)


def test_unknown_email_gets_no_mail_and_the_same_answer(world, client, outbox):
    response = client.post("/password/forgot", data={"email": "nobody@nowhere.example"})
    assert response.status_code == 302 and outbox.messages() == []


def test_invited_person_without_password_gets_no_reset_mail(world, arrange, client, outbox):
    invited = factories.create_member(
        world.a.institution, Role.STUDENT, password=None, invited=True
    )
    client.post("/password/forgot", data={"email": invited.user.email})
    assert outbox.messages() == []
