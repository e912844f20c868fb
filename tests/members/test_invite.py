"""Inviting one person: the mail, the link, accepting it, and the refusals."""

from __future__ import annotations

from sqlalchemy import select

from careercenter.audit import AuditEvent
from careercenter.auth.models import User
from careercenter.extensions import db
from careercenter.tenancy.models import Role

from .. import factories

NEW_PASSWORD = "a long and unusual passphrase"


def _invite(client, slug, **data):
    form = {"email": "newcomer@uni.example", "name": "Łucja Wiśniewska", "role": "student"}
    return client.post(f"/{slug}/members/invite", data={**form, **data})


def test_invite_page_has_labelled_fields(world, auth, client):
    auth.login_as(world.a.admin)
    page = client.get(f"/{world.a.slug}/members/invite").get_data(as_text=True)
    for name in ("email", "name", "role"):
        assert f'<label for="{name}">' in page


def test_invitation_link_lets_the_newcomer_in(world, auth, client, outbox, arrange):
    auth.login_as(world.a.admin)
    response = _invite(client, world.a.slug)
    assert response.status_code == 302
    assert "Invitation sent" in client.get(response.location).get_data(as_text=True)

    user = db.session.execute(select(User).where(User.email == "newcomer@uni.example")).scalar_one()
    assert user.name == "Łucja Wiśniewska" and user.password_hash is None
    mail = outbox.to("newcomer@uni.example")
    assert len(mail) == 1 and world.a.institution.name in mail[0]["Subject"]
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "member.invited")
    ).scalar_one()
    assert event.actor_id == world.a.admin.user_id
    assert event.detail["email"] == "newcomer@uni.example" and event.detail["role"] == "student"
    assert event.institution_id == world.a.institution.id

    auth.logout()
    link = outbox.link_for("newcomer@uni.example")
    page = client.get(link).get_data(as_text=True)
    assert "newcomer@uni.example" in page
    accepted = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert accepted.status_code == 302
    home = client.get(accepted.location, follow_redirects=True)
    assert home.request.path == f"/{world.a.slug}/"
    assert "Łucja Wiśniewska" in home.get_data(as_text=True)


def test_weak_or_common_password_is_refused_on_accept(world, auth, client, outbox):
    auth.login_as(world.a.admin)
    _invite(client, world.a.slug)
    auth.logout()
    link = outbox.link_for("newcomer@uni.example")
    for weak, why in [("short1", "at least 15"), ("password12345678", "too common")]:
        page = client.post(link, data={"password": weak, "confirm": weak})
        assert page.status_code == 200 and why in page.get_data(as_text=True)
    assert client.get(f"/{world.a.slug}/").status_code == 302  # still not signed in


def test_existing_member_is_refused_clearly(world, auth, client, outbox):
    auth.login_as(world.a.admin)
    response = _invite(client, world.a.slug, email=world.a.student.user.email)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "already a member here, as Student" in page
    assert outbox.messages() == []


def test_deactivated_member_is_pointed_to_reactivation(world, arrange, auth, client):
    gone = factories.create_member(world.a.institution, Role.STUDENT, active=False)
    auth.login_as(world.a.admin)
    page = _invite(client, world.a.slug, email=gone.user.email).get_data(as_text=True)
    assert "deactivated member" in page and "Reactivate" in page


def test_bad_input_is_refused(world, auth, client, outbox, arrange):
    auth.login_as(world.a.admin)
    for data in ({"email": "not-an-email"}, {"name": ""}, {"role": "owner"}, {"name": "x" * 201}):
        assert _invite(client, world.a.slug, **data).status_code == 200
    assert outbox.messages() == []
    assert (
        db.session.execute(select(User).where(User.email == "newcomer@uni.example")).first() is None
    )


def test_resend_sends_a_new_link_and_old_links_still_work(world, auth, client, outbox, arrange):
    auth.login_as(world.a.admin)
    response = _invite(client, world.a.slug)
    member_page = response.location
    first = outbox.link_for("newcomer@uni.example")
    membership_id = int(member_page.rstrip("/").rsplit("/", 1)[1])
    assert "Resend invitation" in client.get(member_page).get_data(as_text=True)
    resent = client.post(f"/{world.a.slug}/members/{membership_id}/resend")
    assert resent.status_code == 302
    assert "new invitation link was sent" in client.get(resent.location).get_data(as_text=True)
    assert len(outbox.to("newcomer@uni.example")) == 2
    second = outbox.link_for("newcomer@uni.example")
    actions = db.session.execute(select(AuditEvent.action)).scalars().all()
    assert "member.invitation_resent" in actions

    auth.logout()
    assert client.get(first).status_code == 200  # the first link still works...
    client.post(first, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    auth.logout()
    used = client.get(second)  # ...and once a password is set, every link is spent
    assert used.status_code == 400 and "already been used" in used.get_data(as_text=True)


def test_resend_is_refused_for_members_who_accepted(world, auth, client, outbox):
    auth.login_as(world.a.admin)
    response = client.post(
        f"/{world.a.slug}/members/{world.a.student.id}/resend", follow_redirects=True
    )
    assert "no invitation to resend" in response.get_data(as_text=True)
    assert outbox.messages() == []


def test_email_is_normalised_and_matched_case_insensitively(world, auth, client, arrange):
    auth.login_as(world.a.admin)
    _invite(client, world.a.slug, email="  Mixed.Case@UNI.Example ")
    stored = db.session.execute(select(User.email).where(User.name == "Łucja Wiśniewska"))
    assert stored.scalar_one() == "Mixed.Case@uni.example"
    again = _invite(client, world.a.slug, email="mixed.case@uni.example")
    assert "already invited here" in again.get_data(as_text=True)
