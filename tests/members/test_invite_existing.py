"""Inviting an address that already has an account elsewhere (security issue #8, item 2).

The inviting institution sees only what it typed until the person accepts; the answer,
the pages and the mail are the same for existing and new addresses; the person accepts or
declines after signing in as that account.
"""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from careercenter.audit import AuditEvent
from careercenter.extensions import db
from careercenter.tenancy.models import Membership, Role

from .. import factories
from .test_csv_import import _upload

MADE_UP = "Made-Up Name"


def _invite(client, slug, email, name=MADE_UP, role="student"):
    return client.post(f"/{slug}/members/invite", data={"email": email, "name": name, "role": role})


def _membership(world, user_id) -> Membership:
    with factories.tenant_scope(world.a.institution):
        db.session.expire_all()
        return db.session.execute(
            select(Membership).where(Membership.user_id == user_id)
        ).scalar_one()


def _admin_pages(client, world, membership_id) -> str:
    slug = world.a.slug
    paths = [
        f"/{slug}/members",
        f"/{slug}/members/{membership_id}",
        f"/{slug}/members?status=invited",
        f"/{slug}/audit",
    ]
    return "".join(client.get(path).get_data(as_text=True) for path in paths)


def test_pending_invitation_shows_only_what_the_admin_typed(world, auth, client, outbox):
    person = world.b.student.user  # has an account, with a real name, at Lakeside
    auth.login_as(world.a.admin)
    response = _invite(client, world.a.slug, person.email.upper())
    assert response.status_code == 302
    membership = _membership(world, person.id)
    assert not membership.active and membership.accepted_at is None
    pages = _admin_pages(client, world, membership.id)
    assert MADE_UP in pages and "Invited (pending)" in pages
    assert person.name not in pages and "existing account" not in pages
    # Searching for the real name finds nobody, in the list and in the audit log.
    found = client.get(f"/{world.a.slug}/members?q={person.name}").get_data(as_text=True)
    assert "No members match" in found
    log = client.get(f"/{world.a.slug}/audit?person={person.name}").get_data(as_text=True)
    assert MADE_UP not in log
    # The person gets a mail with a link to answer; no access before answering.
    mail = outbox.to(person.email)
    assert len(mail) == 1 and "/invitations/" in mail[0].get_content()
    auth.logout()
    auth.login_as(world.b.student)
    assert client.get(f"/{world.a.slug}/").status_code == 404


def test_existing_and_new_addresses_get_the_same_answer(world, auth, client, outbox):
    auth.login_as(world.a.admin)
    pages, statuses = [], []
    for email in (world.b.student.user.email, "nobody-yet@uni.example"):
        response = _invite(client, world.a.slug, email)
        statuses.append(response.status_code)
        page = client.get(response.location).get_data(as_text=True).replace(email, "X")
        pages.append(re.sub(r"\s+", " ", page))
    assert statuses == [302, 302]
    strip = re.compile(r'name="csrf_token"[^>]*>|nonce="[^"]*"|/members/\d+|<time[^<]*</time>')
    assert strip.sub("", pages[0]) == strip.sub("", pages[1])
    events = db.session.execute(
        select(AuditEvent.detail).where(AuditEvent.action == "member.invited")
    )
    assert all(set(detail) == {"email", "role"} for detail in events.scalars())
    assert len(outbox.messages()) == 2


def test_csv_import_reads_the_same_for_existing_and_new(world, auth, client, outbox):
    auth.login_as(world.a.admin)
    known = world.b.student.user.email
    content = f"email,name,role\n{known},{MADE_UP},student\nn@uni.example,N,student\n"
    page = _upload(client, world.a.slug, content).get_data(as_text=True)
    assert "2 people invited" in page
    assert "existing account" not in page and world.b.student.user.name not in page
    assert page.count("<td>Student</td>") == 2
    assert len(outbox.messages()) == 2


def test_account_holder_accepts_after_signing_in(world, auth, client, outbox):
    person = world.b.student
    auth.login_as(world.a.admin)
    _invite(client, world.a.slug, person.user.email, role="advisor")
    auth.logout()
    link = outbox.link_for(person.user.email)
    first = client.get(link)
    assert first.status_code == 302 and "/login?next=" in first.location
    auth.login_as(person)
    page = client.get(link).get_data(as_text=True)
    assert f"{world.a.institution.name} invites you" in page and "as advisor" in page
    accepted = client.post(link, data={"accept": "Accept"})
    assert accepted.status_code == 302 and accepted.location.endswith(f"/{world.a.slug}/")
    assert client.get(f"/{world.a.slug}/").status_code == 200
    membership = _membership(world, person.user_id)
    assert membership.active and membership.accepted_at is not None
    again = client.get(link)
    assert again.status_code == 400 and "already been used" in again.get_data(as_text=True)
    # Once accepted, the institution sees the person's own name.
    auth.logout()
    auth.login_as(world.a.admin)
    shown = client.get(f"/{world.a.slug}/members/{membership.id}").get_data(as_text=True)
    assert person.user.name in shown and MADE_UP not in shown and "Active" in shown


def test_account_holder_declines_and_can_be_invited_again(world, auth, client, outbox):
    person = world.b.student
    auth.login_as(world.a.admin)
    _invite(client, world.a.slug, person.user.email)
    auth.logout()
    link = outbox.link_for(person.user.email)
    auth.login_as(person)
    declined = client.post(link, data={"decline": "Decline"})
    assert declined.status_code == 302
    assert client.get(f"/{world.a.slug}/").status_code == 404
    membership = _membership(world, person.user_id)
    assert membership.declined_at is not None and not membership.active
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "auth.invitation_declined")
    ).scalar_one()
    assert event.institution_id == world.a.institution.id and event.actor_id is None
    assert client.get(link).status_code == 400
    auth.logout()
    auth.login_as(world.a.admin)
    pages = _admin_pages(client, world, membership.id)
    assert "Declined" in pages and MADE_UP in pages and person.user.name not in pages
    again = client.post(f"/{world.a.slug}/members/{membership.id}/resend")
    assert again.status_code == 302
    assert _membership(world, person.user_id).is_pending
    assert len(outbox.to(person.user.email)) == 2


def test_another_account_cannot_answer(world, auth, client, outbox):
    auth.login_as(world.a.admin)
    _invite(client, world.a.slug, world.b.student.user.email)
    link = outbox.link_for(world.b.student.user.email)
    page = client.post(link, data={"accept": "Accept"})  # still signed in as the admin
    assert page.status_code == 403 and "another account" in page.get_data(as_text=True)
    assert _membership(world, world.b.student.user_id).is_pending


def test_accepting_one_invitation_does_not_spend_another(world, auth, client, outbox):
    email = "twice@uni.example"
    for tenant in (world.a, world.b):
        auth.login_as(tenant.admin)
        _invite(client, tenant.slug, email)
        auth.logout()
    first, second = (outbox.link_for(email, i) for i in (0, 1))
    password = "a long and unusual passphrase"
    assert client.post(first, data={"password": password, "confirm": password}).status_code == 302
    assert client.get(f"/{world.a.slug}/").status_code == 200
    assert client.get(f"/{world.b.slug}/").status_code == 404  # still pending there
    page = client.get(second).get_data(as_text=True)
    assert f"{world.b.institution.name} invites you" in page
    assert client.post(second, data={"accept": "Accept"}).status_code == 302
    assert client.get(f"/{world.b.slug}/").status_code == 200


def test_pending_cannot_be_deactivated_reactivated_or_enrolled(world, arrange, auth, client):
    pending = factories.create_member(world.a.institution, Role.STUDENT, invited=True)
    auth.login_as(world.a.admin)
    base = f"/{world.a.slug}/members/{pending.id}"
    for action in ("deactivate", "reactivate"):
        page = client.post(f"{base}/{action}", data={"version": pending.version})
        assert "has not accepted the invitation" in client.get(page.location).get_data(as_text=True)
    url = f"/{world.a.slug}/cohorts/{world.a.cohort.id}/students/import"
    data = {"file": (io.BytesIO(f"email\n{pending.user.email}\n".encode()), "s.csv")}
    response = client.post(url, data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "has not accepted their invitation yet" in response.get_data(as_text=True)


def test_withdrawn_invitation_link_stops_working(world, auth, client, outbox):
    person = world.b.student
    auth.login_as(world.a.admin)
    _invite(client, world.a.slug, person.user.email, role="admin")
    membership = _membership(world, person.user_id)
    url = f"/{world.a.slug}/members/{membership.id}/withdraw"
    stale = client.post(url, data={"version": membership.version + 1})
    assert _membership(world, person.user_id).is_pending  # a stale page changes nothing
    done = client.post(url, data={"version": membership.version})
    assert done.status_code == 302 and done.location.endswith(f"/{world.a.slug}/members")
    assert "is withdrawn" in client.get(done.location).get_data(as_text=True)
    assert client.get(f"/{world.a.slug}/members/{membership.id}").status_code == 404
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "member.invitation_withdrawn")
    ).scalar_one()
    assert event.detail["email"] == person.user.email and event.detail["name"] == MADE_UP
    auth.logout()
    auth.login_as(person)
    answer = client.post(outbox.link_for(person.user.email), data={"accept": "Accept"})
    assert answer.status_code == 400 and "not valid" in answer.get_data(as_text=True)
    assert client.get(f"/{world.a.slug}/").status_code == 404
    assert stale.status_code == 302


def test_accepted_members_are_deactivated_not_withdrawn(world, auth, client):
    auth.login_as(world.a.admin)
    url = f"/{world.a.slug}/members/{world.a.student.id}/withdraw"
    page = client.post(url, data={"version": world.a.student.version}, follow_redirects=True)
    assert "deactivate them instead" in page.get_data(as_text=True)
    auth.logout()
    auth.login_as(world.a.advisor)
    assert client.post(url, data={"version": world.a.student.version}).status_code == 403
