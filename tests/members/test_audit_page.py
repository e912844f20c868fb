"""The audit log page: newest first, filters, pages, readable subjects, fixed queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from careercenter.audit import AuditEvent
from careercenter.extensions import db
from careercenter.tenancy.models import Role

from .. import factories


def _event(tenant, action, minutes_ago, actor=None, subject=None, **detail):
    with factories.tenant_scope(tenant.institution):
        db.session.add(
            AuditEvent(
                action=action,
                actor_id=actor.user_id if actor else None,
                subject_type=type(subject).__name__ if subject is not None else None,
                subject_id=subject.id if subject is not None else None,
                detail=detail,
                ip="203.0.113.7",
                created_at=datetime.now(UTC) - timedelta(minutes=minutes_ago),
            )
        )
        db.session.commit()


def _table(page: str) -> str:
    return page.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in page else ""


def test_shows_events_newest_first_with_actor_subject_and_ip(world, arrange, auth, client):
    _event(world.a, "member.deactivated", 30, world.a.admin, world.a.student, role="student")
    _event(world.a, "member.role_changed", 5, world.a.admin, world.a.advisor, **{"from": "a"})
    _event(world.b, "member.invited", 1, world.b.admin, world.b.student)
    auth.login_as(world.a.admin)
    page = client.get(f"/{world.a.slug}/audit").get_data(as_text=True)
    table = _table(page)
    assert table.index("member.role_changed") < table.index("member.deactivated")
    assert world.a.student.user.name in table and world.a.student.user.email in table
    assert "alpha admin" in table and "203.0.113.7" in table and "role: student" in table
    assert "member.invited" not in page  # the other institution's events stay out
    assert world.b.student.user.name not in page


def test_filter_by_action_and_person(world, arrange, auth, client):
    _event(world.a, "member.deactivated", 30, world.a.admin, world.a.student)
    _event(world.a, "member.role_changed", 20, world.a.admin, world.a.advisor)
    _event(world.a, "auth.login", 10, world.a.advisor, world.a.advisor.user)
    auth.login_as(world.a.admin)
    slug = world.a.slug
    by_action = _table(client.get(f"/{slug}/audit?action=member.deactivated").get_data(True))
    assert "member.deactivated" in by_action and "member.role_changed" not in by_action
    # A person matches as actor or as subject (a membership or a user).
    by_person = _table(client.get(f"/{slug}/audit?person=alpha advisor").get_data(True))
    assert "member.role_changed" in by_person and "auth.login" in by_person
    assert "member.deactivated" not in by_person
    as_subject = _table(client.get(f"/{slug}/audit?person=alpha student").get_data(True))
    assert "member.deactivated" in as_subject
    assert "member.role_changed" not in as_subject and "auth.login" not in as_subject
    unknown = client.get(f"/{slug}/audit?action=no.such.action").get_data(as_text=True)
    assert "member.deactivated" in _table(unknown)  # unknown actions are ignored
    nobody = client.get(f"/{slug}/audit?person=zzz").get_data(as_text=True)
    assert "No events match" in nobody


def test_actions_from_the_app_show_up(world, auth, client):
    auth.login_as(world.a.admin)
    client.post(
        f"/{world.a.slug}/members/{world.a.student.id}/role",
        data={"role": "advisor", "version": world.a.student.version},
    )
    page = client.get(f"/{world.a.slug}/audit").get_data(as_text=True)
    assert "member.role_changed" in page and "from: student" in page and "to: advisor" in page
    assert "auth.login" in page


def test_pagination(world, arrange, auth, client, app):
    for n in range(5):
        _event(world.a, f"test.event{n}", 100 - n)
    app.config["AUDIT_EVENTS_PER_PAGE"] = 2
    try:
        auth.login_as(world.a.admin)
        first = client.get(f"/{world.a.slug}/audit?action=test.event4").get_data(as_text=True)
        assert "1–1 of 1" in first
        page2 = client.get(f"/{world.a.slug}/audit?page=2").get_data(as_text=True)
        assert "Showing 3–4 of" in page2 and 'aria-current="page"' in page2
    finally:
        app.config.pop("AUDIT_EVENTS_PER_PAGE")


def test_constant_number_of_queries(world, arrange, auth, client, app, count_queries):
    app.config["AUDIT_EVENTS_PER_PAGE"] = 200
    try:
        auth.login_as(world.a.admin)
        url = f"/{world.a.slug}/audit"
        # One event of each kind of subject: names cost one query per kind, whatever the count.
        _event(world.a, "member.invited", 5, world.a.admin, world.a.student)
        _event(world.a, "auth.login", 5, world.a.admin, world.a.admin.user)
        _event(world.a, "custom.action", 5, world.a.admin, world.a.cohort)
        with count_queries() as small:
            assert client.get(url).status_code == 200
        people = [factories.create_member(world.a.institution, Role.STUDENT) for _ in range(20)]
        for n, person in enumerate(people):
            _event(world.a, "member.invited", n, world.a.admin, person)
            _event(world.a, "auth.login", n, person, person.user)
            _event(world.a, f"custom.action{n}", n, person, world.a.cohort)
        with count_queries() as large:
            page = client.get(url).get_data(as_text=True)
        assert people[-1].user.name in page and f"Cohort “{world.a.cohort.name}”" in page
        assert len(small) == len(large), (len(small), len(large))
    finally:
        app.config.pop("AUDIT_EVENTS_PER_PAGE")
