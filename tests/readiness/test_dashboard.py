"""The cohort dashboard: constant queries, levels from the database, the blueprint-stage hook."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import DateTime, literal, select

from careercenter import stages
from careercenter.audit import AuditEvent
from careercenter.extensions import db
from careercenter.tenancy.models import Membership
from careercenter.tenancy.scoping import tenant_scope
from tests import factories

ITEMS = [
    {"title": "Résumé", "competency": "Communication"},
    {"title": "Mock interview", "competency": "Professionalism", "needs_verification": True},
    {"title": "Thank-you note", "competency": "Communication", "required": False},
]


def _students(tenant, n):
    students = [factories.create_member(tenant.institution, "student") for _ in range(n)]
    return students


def _cohort_with(tenant, students, due_on=None):
    cohort = factories.create_cohort(
        tenant.institution, advisors=[tenant.advisor], students=students
    )
    version = factories.create_checklist(tenant.institution, ITEMS)
    assignment = factories.assign_checklist(tenant.institution, cohort, version, due_on)
    return cohort, assignment, factories.items_of(tenant.institution, version)


def _bulk_students(tenant, cohort, assignment, items, n):
    """Add n students with progress quickly (one commit)."""
    from careercenter.auth.models import User
    from careercenter.checklists.models import ItemProgress, ProgressStatus
    from careercenter.cohorts.models import CohortStudent
    from careercenter.tenancy.models import Role
    from careercenter.tenancy.scoping import tenant_scope

    with tenant_scope(tenant.institution):
        users = [
            User(email=f"bulk{cohort.id}-{i}@x.example", name=f"Bulk {i:03}") for i in range(n)
        ]
        db.session.add_all(users)
        db.session.flush()
        members = [Membership(user_id=u.id, role=Role.STUDENT) for u in users]
        db.session.add_all(members)
        db.session.flush()
        for i, m in enumerate(members):
            db.session.add(CohortStudent(cohort_id=cohort.id, membership_id=m.id))
            if i % 2:
                db.session.add(
                    ItemProgress(
                        assignment_id=assignment.id,
                        item_id=items[0].id,
                        membership_id=m.id,
                        status=ProgressStatus.DONE,
                    )
                )
        db.session.commit()


def test_dashboard_makes_the_same_number_of_queries_for_5_and_500_students(
    world, auth, client, count_queries
):
    a = world.a
    small, s_assignment, s_items = _cohort_with(a, [])
    big, b_assignment, b_items = _cohort_with(a, [])
    _bulk_students(a, small, s_assignment, s_items, 5)
    _bulk_students(a, big, b_assignment, b_items, 500)
    auth.login_as(a.advisor)
    counts = {}
    for cohort in (small, big):
        url = f"/{a.slug}/cohorts/{cohort.id}"
        client.get(url)  # warm up
        with count_queries() as statements:
            response = client.get(url + "?sort=score&dir=desc&page=2")
        assert response.status_code == 200
        counts[cohort.id] = len(statements)
    print("dashboard queries", counts)
    assert counts[small.id] == counts[big.id]
    assert counts[big.id] <= 8 + 1  # + 1: the check that today's view is already audited
    page = client.get(f"/{a.slug}/cohorts/{big.id}?page=3").get_data(as_text=True)
    assert "page 3 of 20" in page


def test_levels_and_counts_come_from_the_database(world, auth, client):
    a = world.a
    late, fresh, done = _students(a, 3)
    cohort, assignment, items = _cohort_with(
        a, [late, fresh, done], date.today() - timedelta(days=1)
    )
    factories.set_progress(a.institution, assignment, items[0], done)
    factories.set_progress(a.institution, assignment, items[1], done, status="verified")
    factories.set_progress(a.institution, assignment, items[2], late, status="done")
    auth.login_as(a.advisor)
    page = client.get(f"/{a.slug}/cohorts/{cohort.id}").get_data(as_text=True)
    # late and fresh have required items past due; done finished everything (no blueprint).
    assert '<th scope="row">At risk</th><td>2</td>' in page
    assert '<th scope="row">On track</th><td>1</td>' in page
    assert '<th scope="row">Communication</th><td>2</td><td>6</td>' in page
    filtered = client.get(f"/{a.slug}/cohorts/{cohort.id}?level=on_track").get_data(as_text=True)
    assert done.user.name in filtered and late.user.name not in filtered


def test_weights_setting_changes_scores(world, auth, client, arrange):
    a = world.a
    (student,) = _students(a, 1)
    cohort, assignment, items = _cohort_with(a, [student])
    factories.set_progress(a.institution, assignment, items[0], student)
    auth.login_as(a.admin)
    url = f"/{a.slug}/cohorts/{cohort.id}/students/{student.id}"
    assert '<span class="stat-value">35</span>' in client.get(url).get_data(as_text=True)
    loaded = _weights_loaded(client, a.slug)
    response = client.post(
        f"/{a.slug}/settings/readiness", data={"checklist_weight": "40", "loaded": loaded}
    )
    assert response.status_code == 302
    assert '<span class="stat-value">20</span>' in client.get(url).get_data(as_text=True)
    bad = client.post(
        f"/{a.slug}/settings/readiness",
        data={"checklist_weight": "101", "loaded": _weights_loaded(client, a.slug)},
    )
    assert bad.status_code == 400 and "from 0 to 100" in bad.get_data(as_text=True)


def _weights_loaded(client, slug) -> str:
    page = client.get(f"/{slug}/settings/readiness").get_data(as_text=True)
    return page.split('name="loaded" type="hidden" value="', 1)[1].split('"', 1)[0]


def test_weights_saved_from_an_outdated_page_are_refused(world, auth, client):
    a = world.a
    auth.login_as(a.admin)
    first_page = _weights_loaded(client, a.slug)
    second_page = _weights_loaded(client, a.slug)
    url = f"/{a.slug}/settings/readiness"
    saved = client.post(url, data={"checklist_weight": "60", "loaded": first_page})
    assert saved.status_code == 302
    stale = client.post(url, data={"checklist_weight": "90", "loaded": second_page})
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert "Someone else saved these settings" in page
    assert 'value="60"' in page  # the form now shows the winner's value
    with tenant_scope(a.institution):
        db.session.refresh(a.institution)
        assert a.institution.checklist_weight == 60
        actions = db.session.execute(
            select(AuditEvent.action).where(AuditEvent.action == "settings.readiness_weights")
        ).scalars()
        assert len(list(actions)) == 1


def test_advisor_of_another_cohort_gets_404(world, auth, client):
    a = world.a
    other = factories.create_cohort(a.institution, students=[a.student])
    auth.login_as(a.advisor)
    assert client.get(f"/{a.slug}/cohorts/{other.id}").status_code == 404
    assert client.get(f"/{a.slug}/cohorts/{other.id}/students/{a.student.id}").status_code == 404
    assert client.get(f"/{a.slug}/cohorts/{a.cohort.id}").status_code == 200
    # A student who is not in the cohort is not found there.
    stranger = factories.create_member(a.institution, "student")
    url = f"/{a.slug}/cohorts/{a.cohort.id}/students/{stranger.id}"
    assert client.get(url).status_code == 404


def test_student_detail_is_audited(world, auth, client, arrange):
    from careercenter.audit import AuditEvent

    auth.login_as(world.a.advisor)
    client.get(f"/{world.a.slug}/cohorts/{world.a.cohort.id}/students/{world.a.student.id}")
    events = db.session.execute(select(AuditEvent.action)).scalars().all()
    assert "readiness.student_viewed" in events


@pytest.fixture
def fake_stage_source():
    """Register a blueprint-stage source like the plans package will, then restore the previous."""
    table = {}

    def source():
        from sqlalchemy import union_all

        rows = [
            select(
                literal(mid).label("membership_id"),
                literal(stage).label("stage"),
                literal(requested, DateTime(timezone=True)).label("changes_requested_at"),
                literal(updated, DateTime(timezone=True)).label("updated_at"),
            )
            for mid, (stage, requested, updated) in table.items()
        ]
        return union_all(*rows).subquery().select() if len(rows) > 1 else rows[0]

    previous = stages.blueprint_stage_source()
    stages.register_blueprint_stage_source(source)
    yield table
    stages.register_blueprint_stage_source(previous)


def test_registered_blueprint_stage_source_feeds_levels(world, auth, client, fake_stage_source):
    a = world.a
    ready, stale = _students(a, 2)
    cohort, assignment, items = _cohort_with(a, [ready, stale])
    for item in items[:2]:
        factories.set_progress(a.institution, assignment, item, ready, status="verified")
    long_ago = datetime.now(UTC) - timedelta(days=10)
    fake_stage_source[ready.id] = ("approved", None, long_ago)
    fake_stage_source[stale.id] = ("changes_requested", long_ago, long_ago - timedelta(days=1))
    auth.login_as(a.advisor)
    page = client.get(f"/{a.slug}/cohorts/{cohort.id}").get_data(as_text=True)
    assert '<th scope="row">Interview-ready</th><td>1</td>' in page
    assert '<th scope="row">At risk</th><td>1</td>' in page
    detail = client.get(f"/{a.slug}/cohorts/{cohort.id}/students/{ready.id}").get_data(as_text=True)
    assert '<span class="stat-value">100</span>' in detail and "Approved" in detail


def test_blueprint_stages_are_aggregated_only_for_the_students_asked_about(world, arrange):
    """The stage subquery is grouped before the join: unfiltered, it would aggregate every plan
    of the institution on each student's home page (measured by `make bench`)."""
    from sqlalchemy import event

    from careercenter.readiness.queries import students_facts
    from careercenter.tenancy.scoping import tenant_scope

    statements = []

    def capture(conn, cursor, statement, *args):
        statements.append(statement)

    student = _students(world.a, 1)[0]
    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        with tenant_scope(world.a.institution):
            students_facts(date.today(), membership_id=student.id)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    (facts,) = [s for s in statements if "plans" in s]
    assert "plans.owner_id IN (SELECT memberships.id" in " ".join(facts.split())
