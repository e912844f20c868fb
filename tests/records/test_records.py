"""A student's own records: the download holds every kind of record and nothing of anyone
else; an admin downloads a member's the same way and removes a student from one institution,
leaving nothing that identifies them there and the other institution untouched."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from sqlalchemy import Text, cast, false, or_, select

from careercenter.audit.models import AuditEvent
from careercenter.auth.models import User
from careercenter.cohorts.models import CohortStudent
from careercenter.extensions import db
from careercenter.notifications.models import Delivery, Kind, Notification
from careercenter.outcomes.models import Outcome, Step
from careercenter.plans.models import Plan
from careercenter.plans.services import approve
from careercenter.sso.models import SsoIdentity
from careercenter.tenancy.models import Membership, Role, TenantMixin
from careercenter.tenancy.scoping import tenant_scope

from .. import factories
from ..plans.helpers import make_plan, typical_content

YESTERDAY = date.today() - timedelta(days=1)


def fill(tenant, student, note="Uploaded to Handshake"):
    """Give `student` a record of every kind in `tenant`: progress, blueprint, outcome, events."""
    version = factories.create_checklist(tenant.institution)
    assignment = factories.assign_checklist(tenant.institution, tenant.cohort, version)
    (item,) = factories.items_of(tenant.institution, version)
    factories.set_progress(
        tenant.institution, assignment, item, student, evidence_note=note, advisor_note="Nice"
    )
    plan_id = make_plan(tenant, student=student, content=typical_content(), submit=True)
    with tenant_scope(tenant.institution):
        plan = db.session.get(Plan, plan_id)
        approve(plan)
        db.session.add(
            Outcome(
                plan_id=plan_id,
                step=Step.OFFER_RECEIVED,
                happened_on=YESTERDAY,
                recorded_by_id=student.id,
            )
        )
        linked = select(SsoIdentity).where(SsoIdentity.user_id == student.user_id)
        if db.session.execute(linked).first() is None:
            db.session.add(SsoIdentity(user_id=student.user_id, subject=f"sso-{student.id}@idp"))
        db.session.add(
            Notification(
                recipient_id=student.id,
                kind=Kind.PUBLISHED,
                text=f"Feedback on your blueprint is published ({note})",
                link=f"/{tenant.slug}/blueprints/{plan_id}",
                plan_id=plan_id,
                delivery=Delivery.IN_APP,
            )
        )
        db.session.add(
            AuditEvent(
                action="member.invited",
                subject_type="Membership",
                subject_id=student.id,
                detail={"email": student.user.email},
            )
        )
        db.session.commit()
    return plan_id


def download(client, url):
    response = client.post(url)
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_student_downloads_every_kind_of_record_and_nothing_else(world, auth, client, arrange):
    a = world.a
    plan_id = fill(a, a.student)
    classmate = factories.create_member(a.institution, Role.STUDENT, name="Classmate Zoë")
    with tenant_scope(a.institution):
        db.session.add(CohortStudent(cohort_id=a.cohort.id, membership_id=classmate.id))
        db.session.commit()
    fill(a, classmate, note="Classmate evidence")
    # The same person in the other institution: their records there stay there.
    elsewhere = factories.create_member(world.b.institution, Role.STUDENT, user=a.student.user)
    with tenant_scope(world.b.institution):
        db.session.add(CohortStudent(cohort_id=world.b.cohort.id, membership_id=elsewhere.id))
        db.session.commit()
    fill(world.b, elsewhere, note="Beta evidence")

    auth.login_as(a.student)
    page = client.get(f"/{a.slug}/records").get_data(as_text=True)
    assert "Download my records" in page and "blueprints.json" in page
    archive = download(client, f"/{a.slug}/records/export")
    names = set(archive.namelist())
    assert {
        "README.txt",
        "profile.json",
        "activity.json",
        "cohorts.json",
        "checklists.json",
        "blueprints.json",
        "outcomes.json",
        "notifications.json",
        "university_sign_in.json",
        f"blueprints/{plan_id}/working-copy.pdf",
        f"blueprints/{plan_id}/revision-1.pdf",
    } <= names
    assert archive.read(f"blueprints/{plan_id}/revision-1.pdf").startswith(b"%PDF")
    profile = json.loads(archive.read("profile.json"))
    assert profile["email"] == a.student.user.email and profile["membership"]["role"] == "student"
    assert json.loads(archive.read("cohorts.json"))[0]["cohort"] == a.cohort.name
    progress = json.loads(archive.read("checklists.json"))
    assert [p["evidence_note"] for p in progress] == ["Uploaded to Handshake"]
    assert progress[0]["advisor_note"] == "Nice"
    blueprints = json.loads(archive.read("blueprints.json"))
    assert [b["id"] for b in blueprints] == [plan_id]
    assert blueprints[0]["revisions"][0]["state"] == "approved"
    assert blueprints[0]["working_copy"]["impact"].startswith("Managers plan staffing")
    outcomes = json.loads(archive.read("outcomes.json"))
    assert [(o["step"], o["recorded_by"]) for o in outcomes] == [("offer_received", "you")]
    linked = json.loads(archive.read("university_sign_in.json"))
    assert [i["identity_provider_name_for_you"] for i in linked] == [f"sso-{a.student.id}@idp"]
    told = json.loads(archive.read("notifications.json"))["notifications"]
    assert [n["text"] for n in told] == [
        "Feedback on your blueprint is published (Uploaded to Handshake)"
    ]
    activity = json.loads(archive.read("activity.json"))
    assert "member.invited" in {e["action"] for e in activity}
    everything = b"".join(archive.read(n) for n in names if n.endswith((".json", ".txt")))
    for foreign in (b"Classmate", b"Beta evidence", world.b.institution.name.encode()):
        assert foreign not in everything
    with tenant_scope(a.institution):
        event = db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "records.exported")
        ).scalar_one()
    assert event.subject_id == a.student.id and "blueprints" in event.detail["sections"]


def test_roles_and_the_rate_limit(world, auth, client, arrange, app):
    a = world.a
    auth.login_as(a.advisor)
    assert client.get(f"/{a.slug}/records").status_code == 403
    assert client.post(f"/{a.slug}/records/export").status_code == 403
    assert client.get(f"/{a.slug}/records/members/{a.student.id}").status_code == 403
    assert client.post(f"/{a.slug}/records/members/{a.student.id}/export").status_code == 403
    assert client.post(f"/{a.slug}/records/members/{a.student.id}/remove").status_code == 403
    auth.logout()
    auth.login_as(a.student)
    assert client.get(f"/{a.slug}/records/members/{a.student.id}").status_code == 403
    app.config["RECORDS_EXPORT_RATE_LIMIT"] = "2 per hour"
    try:
        for _ in range(2):
            assert client.post(f"/{a.slug}/records/export").status_code == 200
        assert client.post(f"/{a.slug}/records/export").status_code == 429
    finally:
        del app.config["RECORDS_EXPORT_RATE_LIMIT"]


def test_admin_downloads_a_members_records(world, auth, client, arrange):
    a = world.a
    plan_id = fill(a, a.student)
    auth.login_as(a.admin)
    page = client.get(f"/{a.slug}/members/{a.student.id}").get_data(as_text=True)
    assert f"/records/members/{a.student.id}" in page
    page = client.get(f"/{a.slug}/records/members/{a.student.id}").get_data(as_text=True)
    assert "Remove alpha student for good" in page
    archive = download(client, f"/{a.slug}/records/members/{a.student.id}/export")
    assert f"blueprints/{plan_id}/revision-1.pdf" in archive.namelist()
    assert json.loads(archive.read("profile.json"))["name"] == "alpha student"
    # Staff are not removed here: their page offers the download only.
    page = client.get(f"/{a.slug}/records/members/{a.advisor.id}").get_data(as_text=True)
    assert "for good" not in page and "Only students can be removed" in page


def _identifying_rows(institution_id, membership_id, user_id, strings):
    """Return (table, row) for every tenant row of the institution that still points at the
    membership or the user, or holds one of `strings`."""
    found = []
    for mapper in db.Model.registry.mappers:
        model = mapper.class_
        if not issubclass(model, TenantMixin):
            continue
        table = mapper.local_table
        conditions = []
        for fk in table.foreign_keys:
            column = fk.parent
            if fk.column.table.name == "memberships" and column.name != "institution_id":
                conditions.append(column == membership_id)
            if fk.column.table.name == "users":
                conditions.append(column == user_id)
        if table.name == "memberships":
            conditions.append(table.c.id == membership_id)
        if table.name == "audit_events":
            conditions.append(
                (table.c.subject_type == "Membership") & (table.c.subject_id == membership_id)
            )
        for column in table.columns:
            if isinstance(column.type, (db.String, db.Text, db.JSON)) or column.name == "detail":
                text = cast(column, Text)
                conditions += [text.contains(s, autoescape=True) for s in strings]
        rows = db.session.execute(
            select(table).where(table.c.institution_id == institution_id, or_(false(), *conditions))
        ).all()
        found += [(table.name, row) for row in rows]
    return found


def test_removal_leaves_nothing_identifying_and_the_rest_untouched(world, auth, client, arrange):
    a, b = world.a, world.b
    student = factories.create_member(
        a.institution, Role.STUDENT, name="Zoë Quintessa", email="zoe.q@people.example"
    )
    with tenant_scope(a.institution):
        db.session.add(CohortStudent(cohort_id=a.cohort.id, membership_id=student.id))
        db.session.commit()
    fill(a, student)
    other_plan = fill(a, a.student)  # a classmate keeps everything
    student_id, user_id = student.id, student.user_id
    twin = factories.create_member(b.institution, Role.STUDENT, user=student.user)
    with tenant_scope(b.institution):
        db.session.add(CohortStudent(cohort_id=b.cohort.id, membership_id=twin.id))
        db.session.commit()
    twin_plan = fill(b, twin)

    # The student acts once (an audit event with them as actor), and an advisor views them.
    auth.login_as(student)
    client.post(f"/{a.slug}/records/export")
    auth.logout()
    auth.login_as(a.admin)
    url = f"/{a.slug}/records/members/{student.id}/remove"
    version = str(student.version)
    page = client.post(
        url, data={"confirm_name": "Zoe Quintessa", "version": version}, follow_redirects=True
    ).get_data(as_text=True)
    assert "type the student" in page
    assert (
        client.post(
            url, data={"confirm_name": "zoë  quintessa", "version": "99"}, follow_redirects=True
        ).status_code
        == 200
    )
    with tenant_scope(a.institution):
        assert db.session.get(Membership, student.id) is not None  # stale: nothing removed
    response = client.post(url, data={"confirm_name": "zoë  quintessa", "version": version})
    assert response.status_code == 302 and response.headers["Location"].endswith("/members")
    log = client.get(f"/{a.slug}/audit")
    assert log.status_code == 200
    text = log.get_data(as_text=True)
    assert "Removed a student from the institution" in text
    assert "Quintessa" not in text and "zoe.q@" not in text

    strings = ["Zoë Quintessa", "Zo\\u00eb Quintessa", "zoe.q@people.example"]
    with tenant_scope(a.institution):
        db.session.expire_all()
        assert _identifying_rows(a.institution.id, student_id, user_id, strings) == []
        removed = db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "records.student_removed")
        ).scalar_one()
        assert removed.subject_id is None and removed.detail == {}
        assert removed.actor_id == a.admin.user_id
        # Their events stay, anonymised: the log keeps that things happened.
        assert (
            db.session.execute(select(AuditEvent).where(AuditEvent.action == "records.exported"))
            .scalar_one()
            .actor_id
            is None
        )
        assert db.session.get(Plan, other_plan) is not None
        assert (
            db.session.execute(select(Outcome).where(Outcome.plan_id == other_plan)).scalar_one()
            is not None
        )
    with tenant_scope(b.institution):
        assert db.session.get(Membership, twin.id) is not None
        assert db.session.get(Plan, twin_plan) is not None
        assert db.session.execute(select(SsoIdentity).where(SsoIdentity.user_id == user_id)).first()
        assert db.session.execute(select(Outcome).where(Outcome.plan_id == twin_plan)).first()
    user = db.session.get(User, user_id)
    assert user is not None  # the account stays
    # Signed in, the removed student no longer reaches the institution.
    auth.logout()
    auth.login(user.email)
    assert client.get(f"/{a.slug}/records").status_code == 404
    assert client.get(f"/{b.slug}/records").status_code == 200


@pytest.mark.parametrize("who", ["advisor", "self"])
def test_only_students_are_removed(world, auth, client, arrange, who):
    a = world.a
    target = a.advisor if who == "advisor" else a.admin
    auth.login_as(a.admin)
    page = client.post(
        f"/{a.slug}/records/members/{target.id}/remove",
        data={"confirm_name": target.user.name, "version": str(target.version)},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Only students" in page or "cannot remove yourself" in page
    with tenant_scope(a.institution):
        assert db.session.get(Membership, target.id) is not None


def test_export_queries_do_not_grow_with_records(world, auth, client, arrange, count_queries):
    a = world.a
    counts = []
    auth.login_as(a.student)
    for n in (1, 3):
        for _ in range(n):
            fill(a, a.student)
        with count_queries() as statements:
            assert client.post(f"/{a.slug}/records/export").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
