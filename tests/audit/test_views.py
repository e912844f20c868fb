"""Views of student records are audited once per viewer, page, subject and day."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from careercenter.audit import AuditEvent, access
from careercenter.extensions import db
from careercenter.tenancy.scoping import tenant_scope
from tests import factories

from ..members.test_audit_page import _table

NEEDS_REVIEW = {"title": "Share your portfolio", "evidence": "link", "needs_verification": True}


def _events(tenant, action):
    db.session.expire_all()
    with tenant_scope(tenant.institution):
        return list(
            db.session.execute(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            ).scalars()
        )


def _work_to_review(tenant, cohort, *students):
    version = factories.create_checklist(tenant.institution, [NEEDS_REVIEW])
    assignment = factories.assign_checklist(tenant.institution, cohort, version)
    (item,) = factories.items_of(tenant.institution, version)
    for student in students:
        factories.set_progress(tenant.institution, assignment, item, student)


def _a_day_passes(tenant):
    with tenant_scope(tenant.institution):
        for event in db.session.execute(select(AuditEvent)).scalars():
            event.created_at -= timedelta(days=1)
        db.session.commit()
    # Rewriting history, which nothing else does: what the process knew was recorded today
    # no longer is.
    access._known.clear()


def test_each_page_is_audited_once_a_day_per_viewer(world, arrange, auth, client):
    a = world.a
    _work_to_review(a, a.cohort, a.student)
    pages = {
        "readiness.dashboard_viewed": f"/{a.slug}/cohorts/{a.cohort.id}",
        "checklist.queue_viewed": f"/{a.slug}/checklists",
        "readiness.student_viewed": f"/{a.slug}/cohorts/{a.cohort.id}/students/{a.student.id}",
    }
    auth.login_as(a.advisor)
    for _ in range(3):
        for url in pages.values():
            assert client.get(url).status_code == 200
    subjects = {
        "readiness.dashboard_viewed": ("Cohort", a.cohort.id),
        "checklist.queue_viewed": ("Cohort", a.cohort.id),
        "readiness.student_viewed": ("Membership", a.student.id),
    }
    for action, subject in subjects.items():
        (event,) = _events(a, action)
        assert (event.subject_type, event.subject_id) == subject
        assert event.actor_id == a.advisor.user_id
    assert _events(a, "checklist.queue_viewed")[0].detail == {"students": 1}

    auth.logout()
    auth.login_as(a.admin)  # another viewer: their own record
    client.get(pages["readiness.dashboard_viewed"])
    assert len(_events(a, "readiness.dashboard_viewed")) == 2

    _a_day_passes(a)
    auth.logout()
    auth.login_as(a.advisor)  # a new day: recorded again
    for url in pages.values():
        client.get(url)
    for action in subjects:
        assert len(_events(a, action)) == (3 if action == "readiness.dashboard_viewed" else 2)


def test_queue_records_each_cohort_it_shows(world, arrange, auth, client):
    a = world.a
    second = factories.create_member(a.institution, "student")
    other = factories.create_cohort(a.institution, advisors=[a.advisor], students=[second])
    factories.create_cohort(a.institution, advisors=[a.advisor])  # nothing to review there
    _work_to_review(a, a.cohort, a.student)
    _work_to_review(a, other, second)
    auth.login_as(a.advisor)
    client.get(f"/{a.slug}/checklists")
    events = _events(a, "checklist.queue_viewed")
    assert sorted(e.subject_id for e in events) == sorted([a.cohort.id, other.id])


def test_an_empty_queue_records_nothing(world, arrange, auth, client):
    auth.login_as(world.a.advisor)
    assert client.get(f"/{world.a.slug}/checklists").status_code == 200
    assert _events(world.a, "checklist.queue_viewed") == []


def test_audit_log_names_the_views(world, arrange, auth, client):
    a = world.a
    _work_to_review(a, a.cohort, a.student)
    auth.login_as(a.advisor)
    client.get(f"/{a.slug}/checklists")
    client.get(f"/{a.slug}/cohorts/{a.cohort.id}")
    auth.logout()
    auth.login_as(a.admin)
    table = _table(client.get(f"/{a.slug}/audit").get_data(as_text=True))
    assert "Viewed students&#39; work in the checklist queue" in table
    assert "Viewed a cohort&#39;s readiness dashboard" in table
    assert f"Cohort “{a.cohort.name}”" in table and "students: 1" in table


def test_a_view_known_to_be_recorded_today_costs_no_query(
    world, arrange, auth, client, count_queries
):
    a = world.a
    url = f"/{a.slug}/cohorts/{a.cohort.id}"
    auth.login_as(a.advisor)
    client.get(url)  # recorded
    with count_queries() as second:
        client.get(url)  # finds the record: known from now on in this process
    with count_queries() as third:
        client.get(url)
    assert len(third) == len(second) - 1
    assert len(_events(a, "readiness.dashboard_viewed")) == 1
    auth.logout()
    auth.login_as(a.admin)  # another viewer is not known
    client.get(url)
    assert len(_events(a, "readiness.dashboard_viewed")) == 2
