"""Cohorts: create, edit, archive, advisors, enrolment by hand, CSV and join code."""

from __future__ import annotations

import io

from sqlalchemy import select

from careercenter.audit import AuditEvent
from careercenter.cohorts.models import Cohort, CohortStudent
from careercenter.extensions import db
from careercenter.tenancy.scoping import tenant_scope
from tests import factories


def _enrolled(tenant, cohort_id):
    with tenant_scope(tenant.institution):
        return set(
            db.session.execute(
                select(CohortStudent.membership_id).where(CohortStudent.cohort_id == cohort_id)
            ).scalars()
        )


def test_admin_creates_edits_and_archives_a_cohort(world, auth, client, arrange):
    slug = world.a.slug
    auth.login_as(world.a.admin)
    response = client.post(f"/{slug}/cohorts/new", data={"name": "Nursing 2027", "term": "Fall"})
    assert response.status_code == 302
    cohort_id = int(response.headers["Location"].split("/")[-2])
    form = {"name": "Nursing 2028", "term": "Fall", "description": "", "version": "1"}
    assert client.post(f"/{slug}/cohorts/{cohort_id}/edit", data=form).status_code == 302
    stale = client.post(f"/{slug}/cohorts/{cohort_id}/edit", data={**form, "name": "Lost"})
    assert stale.status_code == 409 and "Someone else changed" in stale.get_data(as_text=True)
    client.post(f"/{slug}/cohorts/{cohort_id}/archive")
    assert "Nursing 2028" not in client.get(f"/{slug}/cohorts").get_data(as_text=True)
    assert "Nursing 2028" in client.get(f"/{slug}/cohorts?status=archived").get_data(as_text=True)
    db.session.expire_all()
    with tenant_scope(world.a.institution):
        assert db.session.get(Cohort, cohort_id).name == "Nursing 2028"
        actions = set(db.session.execute(select(AuditEvent.action)).scalars())
    assert {"cohort.created", "cohort.updated", "cohort.archived"} <= actions


def test_each_role_sees_only_its_cohorts(world, auth, client):
    a = world.a
    factories.create_cohort(a.institution, name="Not yours")
    for role, sees in (("admin", True), ("advisor", False), ("student", False)):
        auth.login_as(a.member(role))
        page = client.get(f"/{a.slug}/cohorts").get_data(as_text=True)
        assert ("Not yours" in page) is sees, role
        assert a.cohort.name in page
        auth.logout()


def test_assign_advisor_and_enroll_existing_student(world, auth, client):
    a = world.a
    cohort = factories.create_cohort(a.institution)
    newcomer = factories.create_member(a.institution, "student")
    auth.login_as(a.admin)
    base = f"/{a.slug}/cohorts/{cohort.id}"
    client.post(f"{base}/advisors", data={"advisor-membership_id": a.advisor.id})
    client.post(f"{base}/students", data={"student-membership_id": newcomer.id})
    assert _enrolled(a, cohort.id) == {newcomer.id}
    # An advisor cannot be enrolled as a student.
    client.post(f"{base}/students", data={"student-membership_id": a.advisor.id})
    assert _enrolled(a, cohort.id) == {newcomer.id}
    # Another institution's member is not found.
    response = client.post(f"{base}/students", data={"student-membership_id": world.b.student.id})
    assert response.status_code == 404
    auth.logout()
    auth.login_as(a.advisor)
    assert cohort.name in client.get(f"/{a.slug}/cohorts").get_data(as_text=True)


def _upload(client, url, text):
    data = {"file": (io.BytesIO(text.encode()), "students.csv")}
    return client.post(url, data=data, content_type="multipart/form-data")


def test_csv_enrolment_is_all_or_nothing_with_line_numbers(world, auth, client):
    a = world.a
    cohort = factories.create_cohort(a.institution)
    s1 = factories.create_member(a.institution, "student")
    s2 = factories.create_member(a.institution, "student")
    auth.login_as(a.admin)
    url = f"/{a.slug}/cohorts/{cohort.id}/students/import"
    bad = (
        f"name,email\nOne,{s1.user.email}\nTwo,nobody@nowhere.example\n"
        f"Adv,{a.advisor.user.email}\nDup,{s1.user.email.upper()}\nOther,{world.b.student.user.email}\n"
        "Empty,\n"
    )
    response = _upload(client, url, bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nothing was enrolled" in page
    assert "<td>3</td><td>nobody@nowhere.example is not a member here" in page
    assert "<td>4</td>" in page and "is an advisor, not a student" in page
    assert "<td>5</td>" in page and "already on line 2" in page
    assert "<td>6</td>" in page  # another institution's student is unknown here
    assert "<td>7</td><td>The email is empty.</td>" in page
    assert _enrolled(a, cohort.id) == set()
    good = f"Email\n{s1.user.email}\n{s2.user.email}\n"
    assert _upload(client, url, good).status_code == 302
    assert _enrolled(a, cohort.id) == {s1.id, s2.id}
    assert _upload(client, url, "mail\nx@y.z\n").status_code == 400


def test_join_code_flow(world, auth, client, arrange):
    a = world.a
    cohort = factories.create_cohort(a.institution)
    newcomer = factories.create_member(a.institution, "student")
    auth.login_as(a.admin)
    base = f"/{a.slug}/cohorts/{cohort.id}"
    client.post(f"{base}/join-code", data={"action": "enable"})
    db.session.expire_all()
    with tenant_scope(a.institution):
        code = db.session.get(Cohort, cohort.id).join_code
    assert code and len(code) == 8
    client.post(f"{base}/join-code", data={"action": "regenerate"})
    db.session.expire_all()
    with tenant_scope(a.institution):
        new_code = db.session.get(Cohort, cohort.id).join_code
    assert new_code != code
    auth.logout()

    auth.login_as(newcomer)
    assert client.post(f"/{a.slug}/cohorts/join", data={"code": code}).status_code == 400
    response = client.post(f"/{a.slug}/cohorts/join", data={"code": new_code.lower()})
    assert response.status_code == 302
    assert newcomer.id in _enrolled(a, cohort.id)
    auth.logout()
    # Another institution's student cannot use the code through their own institution.
    auth.login_as(world.b.student)
    assert client.post(f"/{world.b.slug}/cohorts/join", data={"code": new_code}).status_code == 400
    auth.logout()
    # Switched off, the code stops working.
    auth.login_as(a.admin)
    client.post(f"{base}/join-code", data={"action": "disable"})
    auth.logout()
    auth.login_as(a.student)
    assert client.post(f"/{a.slug}/cohorts/join", data={"code": new_code}).status_code == 400


def test_remove_student_from_cohort(world, auth, client):
    a = world.a
    with tenant_scope(a.institution):
        link_id = db.session.execute(
            select(CohortStudent.id).where(CohortStudent.cohort_id == a.cohort.id)
        ).scalar_one()
    auth.login_as(a.admin)
    client.post(f"/{a.slug}/cohorts/{a.cohort.id}/students/{link_id}/remove")
    assert _enrolled(a, a.cohort.id) == set()


def test_join_attempts_are_limited_per_person(world, auth, client):
    auth.login_as(world.a.student)
    url = f"/{world.a.slug}/cohorts/join"
    statuses = [client.post(url, data={"code": f"WRONG{i}"}).status_code for i in range(10)]
    assert statuses == [400] * 10
    blocked = client.post(url, data={"code": "WRONG"})
    assert blocked.status_code == 429
    assert "Wait a moment and try again" in blocked.get_data(as_text=True)
    assert client.get(url).status_code == 200  # reading the page is not an attempt
    # Another student is not slowed down by the first one's attempts.
    other = factories.create_member(world.a.institution, "student")
    auth.logout()
    auth.login_as(other)
    assert client.post(url, data={"code": "WRONG"}).status_code == 400


def test_people_page_lists_the_checklists_assigned_to_the_cohort(world, auth, client):
    """Checklists show their section on the cohort's page through `cohorts.panels`."""
    a = world.a
    auth.login_as(a.admin)
    page = client.get(f"/{a.slug}/cohorts/{a.cohort.id}/people").get_data(as_text=True)
    assert "Assigned checklists" in page and "No checklist assigned yet" in page
    version = factories.create_checklist(a.institution, title="Second interview prep")
    factories.assign_checklist(a.institution, a.cohort, version)
    page = client.get(f"/{a.slug}/cohorts/{a.cohort.id}/people").get_data(as_text=True)
    assert "Second interview prep</a> (version 1), due" in page
    assert "No checklist assigned yet" not in page


def test_join_code_control_shows_its_state_and_offers_what_changes_it(world, auth, client, arrange):
    a = world.a
    cohort = factories.create_cohort(a.institution)
    auth.login_as(a.admin)
    base = f"/{a.slug}/cohorts/{cohort.id}"

    def control() -> str:
        page = client.get(f"{base}/people").get_data(as_text=True)
        return page[page.index('id="join-heading"') :].split("</section>", 1)[0]

    off = control()
    assert ">Off<" in off and 'value="enable"' in off
    assert 'value="disable"' not in off and 'value="regenerate"' not in off
    response = client.post(f"{base}/join-code", data={"action": "enable"}, follow_redirects=True)
    db.session.expire_all()
    with tenant_scope(a.institution):
        code = db.session.get(Cohort, cohort.id).join_code
    assert f"Joining by code is on: the code is {code}." in response.get_data(as_text=True)
    on = control()
    assert ">On<" in on and code in on and 'value="enable"' not in on
    assert 'value="disable"' in on and 'value="regenerate"' in on
    client.post(f"{base}/join-code", data={"action": "disable"})
    off_again = control()
    assert (
        ">Off<" in off_again and f'brings back the code <code class="join-code">{code}' in off_again
    )
