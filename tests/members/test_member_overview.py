"""The member page shows a person's cohorts and, for a student, readiness, in fixed queries."""

from __future__ import annotations

from sqlalchemy import select

from careercenter.audit import AuditEvent
from careercenter.extensions import db
from tests import factories


def test_a_student_shows_cohorts_and_readiness(world, arrange, auth, client):
    a = world.a
    version = factories.create_checklist(a.institution, [{"title": "Write your résumé"}])
    assignment = factories.assign_checklist(a.institution, a.cohort, version)
    (item,) = factories.items_of(a.institution, version)
    factories.set_progress(a.institution, assignment, item, a.student)
    other = factories.create_cohort(a.institution, name="Spring Co-op", students=[a.student])
    factories.create_cohort(a.institution, name="Not Theirs")
    auth.login_as(a.admin)
    page = client.get(f"/{a.slug}/members/{a.student.id}").get_data(as_text=True)
    assert "Cohorts and readiness" in page
    assert a.cohort.name in page and other.name in page and "Not Theirs" not in page
    assert f"/cohorts/{a.cohort.id}/students/{a.student.id}" in page
    assert "100%" in page and "Required items complete" in page and "On track" in page
    # Readiness is a student record: the view is audited (once a day).
    client.get(f"/{a.slug}/members/{a.student.id}")
    views = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "readiness.student_viewed")
    ).scalars()
    assert [(e.subject_id, e.actor_id) for e in views] == [(a.student.id, a.admin.user_id)]


def test_an_advisor_shows_cohorts_advised_and_an_admin_neither(world, arrange, auth, client):
    a = world.a
    auth.login_as(a.admin)
    page = client.get(f"/{a.slug}/members/{a.advisor.id}").get_data(as_text=True)
    assert "Cohorts advised" in page and a.cohort.name in page and "Score out of" not in page
    page = client.get(f"/{a.slug}/members/{a.admin.id}").get_data(as_text=True)
    assert "Cohorts advised" not in page and "Cohorts and readiness" not in page


def test_a_student_without_cohorts_says_so(world, arrange, auth, client):
    lonely = factories.create_member(world.a.institution, "student")
    auth.login_as(world.a.admin)
    page = client.get(f"/{world.a.slug}/members/{lonely.id}").get_data(as_text=True)
    assert "Not enrolled in any cohort." in page and "Not started" in page


def test_member_page_queries_stay_constant(world, arrange, auth, client, count_queries):
    a = world.a
    version = factories.create_checklist(a.institution)
    counts = []
    for extra in (0, 5):
        for _ in range(extra):
            cohort = factories.create_cohort(a.institution, students=[a.student])
            factories.assign_checklist(a.institution, cohort, version)
        auth.login_as(a.admin)
        client.get(f"/{a.slug}/members/{a.student.id}")  # the day's view is recorded
        client.get(f"/{a.slug}/members/{a.student.id}")  # and this process has seen it so
        with count_queries() as statements:
            assert client.get(f"/{a.slug}/members/{a.student.id}").status_code == 200
        counts.append(len(statements))
        auth.logout()
    assert counts[0] == counts[1], counts
