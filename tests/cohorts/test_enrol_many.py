"""Enrolling several students at once: ticked on the people page, one POST, one change."""

from __future__ import annotations

from sqlalchemy import func, select

from careercenter.audit.models import AuditEvent
from careercenter.cohorts.models import CohortStudent
from careercenter.extensions import db
from careercenter.tenancy.scoping import tenant_scope

from .. import factories


def _enrolled(tenant, cohort_id) -> set[int]:
    with tenant_scope(tenant.institution):
        rows = select(CohortStudent.membership_id).where(CohortStudent.cohort_id == cohort_id)
        return set(db.session.execute(rows).scalars())


def _audited(tenant) -> int:
    with tenant_scope(tenant.institution):
        stmt = select(func.count()).where(AuditEvent.action == "cohort.student_enrolled")
        return db.session.execute(stmt).scalar_one()


def _post(client, tenant, cohort_id, ids):
    data = {"student-membership_id": [str(i) for i in ids]}
    return client.post(
        f"/{tenant.slug}/cohorts/{cohort_id}/students", data=data, follow_redirects=True
    )


def test_the_people_page_lists_students_to_tick_with_a_filter(world, auth, client):
    a = world.a
    newcomer = factories.create_member(a.institution, "student", name="Łucja Nowak")
    auth.login_as(a.admin)
    page = client.get(f"/{a.slug}/cohorts/{a.cohort.id}/people").get_data(as_text=True)
    assert f'name="student-membership_id" value="{newcomer.id}"' in page
    assert f'value="{a.student.id}"' not in page  # already enrolled: not offered
    assert 'type="checkbox"' in page and 'data-pick-filter="student-picks" hidden' in page
    assert "js/pick-list.js" in page and "<select" not in page.split("students-heading")[1]


def test_several_students_enrol_in_one_post(world, auth, client):
    a = world.a
    cohort = factories.create_cohort(a.institution)
    people = [factories.create_member(a.institution, "student") for _ in range(3)]
    auth.login_as(a.admin)
    page = _post(client, a, cohort.id, [p.id for p in people]).get_data(as_text=True)
    assert "3 students enrolled." in page
    assert _enrolled(a, cohort.id) == {p.id for p in people}
    assert _audited(a) == 3
    more = factories.create_member(a.institution, "student")
    page = _post(client, a, cohort.id, [people[0].id, more.id]).get_data(as_text=True)
    assert "1 enrolled; 1 was already in the cohort." in page
    assert _enrolled(a, cohort.id) == {p.id for p in [*people, more]}


def test_a_wrong_pick_enrols_nobody(world, auth, client):
    a = world.a
    cohort = factories.create_cohort(a.institution)
    student = factories.create_member(a.institution, "student")
    auth.login_as(a.admin)
    page = _post(client, a, cohort.id, [student.id, a.advisor.id]).get_data(as_text=True)
    assert "Only active students can be enrolled" in page
    assert _enrolled(a, cohort.id) == set()
    response = _post(client, a, cohort.id, [student.id, world.b.student.id])
    assert response.status_code == 404 and _enrolled(a, cohort.id) == set()
    page = _post(client, a, cohort.id, []).get_data(as_text=True)
    assert "Tick at least one student to enroll." in page
    page = _post(client, a, cohort.id, ["x1"]).get_data(as_text=True)
    assert "Tick at least one student to enroll." in page and _enrolled(a, cohort.id) == set()


def test_only_admins_enrol(world, auth, client):
    a = world.a
    student = factories.create_member(a.institution, "student")
    for role in ("advisor", "student"):
        auth.login_as(a.member(role))
        assert _post(client, a, a.cohort.id, [student.id]).status_code == 403
        auth.logout()
    assert student.id not in _enrolled(a, a.cohort.id)
