"""The dashboard's cache after a change: only the students whose membership version moved are
read and assessed again, and what it shows is what a full read shows."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from careercenter.checklists import services
from careercenter.checklists.models import ChecklistVersion
from careercenter.cohorts import services as cohorts
from careercenter.cohorts.models import Cohort, CohortAdvisor, CohortStudent
from careercenter.extensions import db
from careercenter.readiness import cache, dashboard, routes
from careercenter.tenancy.models import Institution, Membership, Role
from careercenter.tenancy.scoping import tenant_scope
from tests import factories

from .cache_helpers import board, cohort_with_checklist, in_tenant, membership


@pytest.fixture
def s(world):
    setup = cohort_with_checklist(world.a)
    for name in ("Bravo Classmate", "Charlie Classmate"):
        mate = factories.create_member(setup.tenant.institution, Role.STUDENT, name=name)
        in_tenant(
            setup.tenant,
            lambda m=mate: db.session.add(
                CohortStudent(cohort_id=setup.cohort.id, membership_id=m.id)
            ),
        )
    return setup


@pytest.fixture
def reads(monkeypatch):
    """Record which students each facts read of the dashboard asked for (None: all)."""
    calls: list[list[int] | None] = []
    real = dashboard.students_facts

    def spy(today, **kwargs):
        ids = kwargs.get("membership_ids")
        calls.append(None if ids is None else sorted(ids))
        return real(today, **kwargs)

    monkeypatch.setattr(dashboard, "students_facts", spy)
    return calls


def _main(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return html[html.index("<main") : html.index("</main>")]


def _tick(s, index=0, student=None):
    factories.set_progress(
        s.tenant.institution, s.assignment, s.items[index], student or s.tenant.student
    )


def test_a_tick_rereads_and_reassesses_only_its_student(s, auth, client, reads):
    auth.login_as(s.tenant.advisor)
    board(client, s.url)
    assert reads == [None]  # the first view reads the whole cohort
    before = {
        row.membership_id: row
        for entry in list(cache.cohorts._data.values())
        if isinstance(entry, dashboard.CohortReadiness)
        for row in entry.rows
    }
    _tick(s)
    shown = board(client, s.url)
    assert reads == [None, [s.tenant.student.id]]
    assert shown["rows"]["alpha student"][3] == 50
    after = next(
        entry
        for entry in cache.cohorts._data.values()
        if isinstance(entry, dashboard.CohortReadiness)
    )
    for row in after.rows:  # the classmates' rows are the very objects assessed before
        assert (row is before[row.membership_id]) == (row.membership_id != s.tenant.student.id)
    board(client, s.url)
    assert len(reads) == 2  # nothing moved: nothing read


def test_after_every_kind_of_change_the_kept_board_equals_a_full_read(s, auth, client):
    auth.login_as(s.tenant.advisor)
    institution = s.tenant.institution
    mates = [m for m in _students(s) if m != s.tenant.student.id]
    newcomer = factories.create_member(institution, Role.STUDENT, name="Delta Newcomer")
    other = factories.create_checklist(institution, [{"title": "Pitch", "competency": "Teamwork"}])

    def enrol():
        cohort = db.session.get(Cohort, s.cohort.id)
        cohorts.enroll(cohort, [membership(s.tenant, newcomer)], "added")

    def remove_first_mate():
        link = db.session.execute(
            select(CohortStudent).where(CohortStudent.membership_id == mates[0])
        ).scalar_one()
        cohorts.remove_link(db.session.get(Cohort, s.cohort.id), link)

    def assign_another():
        cohort = db.session.get(Cohort, s.cohort.id)
        services.assign(db.session.get(ChecklistVersion, other.id), cohort, date.today())

    def rename():
        membership(s.tenant, s.tenant.student).user.name = "Alpha Renamed"

    changes = [
        lambda: _tick(s),
        lambda: _tick(s, 1, membership(s.tenant, s.tenant.student)),
        lambda: in_tenant(s.tenant, enrol),
        lambda: in_tenant(s.tenant, remove_first_mate),
        lambda: in_tenant(s.tenant, assign_another),
        lambda: in_tenant(s.tenant, rename),
    ]
    _main(client, s.url)
    for n, change in enumerate(changes):
        change()
        for query in ("", "?sort=score&dir=desc", "?sort=level"):
            kept = _main(client, s.url + query)
            cache.clear()
            full = _main(client, s.url + query)
            assert kept == full, f"change {n}, {query or 'by name'}"
    totals = re.findall(r'<th scope="row">(\w+)</th><td>(\d+)</td><td>(\d+)</td>', full)
    assert ("Teamwork", "0", "3") in totals  # the new checklist's competency, for 3 students


def _students(s) -> list[int]:
    with tenant_scope(s.tenant.institution):
        return list(
            db.session.execute(
                select(CohortStudent.membership_id).where(CohortStudent.cohort_id == s.cohort.id)
            ).scalars()
        )


def test_the_board_is_rendered_once_per_assessment_view_and_time_zone(s, auth, client, monkeypatch):
    renders = []
    real = routes.render_board

    def spy(cohort, board):
        renders.append(board.view)
        return real(cohort, board)

    monkeypatch.setattr(routes, "render_board", spy)
    auth.login_as(s.tenant.advisor)
    first = _main(client, s.url)
    assert _main(client, s.url) == first
    assert len(renders) == 1
    _main(client, s.url + "?sort=score&dir=desc")
    assert len(renders) == 2
    _tick(s)
    assert _main(client, s.url) != first  # a new assessment: rendered afresh
    assert len(renders) == 3

    def move_to_tokyo():
        db.session.get(Institution, s.tenant.institution.id).time_zone = "Asia/Tokyo"

    in_tenant(s.tenant, move_to_tokyo)
    _main(client, s.url)
    assert len(renders) == 4  # dates on the board follow the campus clock


def test_after_a_tick_only_that_students_row_is_rendered_again(s, auth, client, monkeypatch):
    rendered = []
    real = cache.board_rows.put

    def spy(key, html):  # a row rendered is kept: record whose
        rendered.append(key[-1].name)
        real(key, html)

    monkeypatch.setattr(cache.board_rows, "put", spy)
    auth.login_as(s.tenant.advisor)
    first = _main(client, s.url)
    assert len(rendered) == 3  # the student and two classmates
    rendered.clear()
    _main(client, s.url + "?sort=score&dir=desc")  # a new order of the same rows
    assert rendered == []
    _tick(s)
    ticked = _main(client, s.url)
    assert rendered == [s.tenant.student.user.name]
    assert ticked != first

    def move_to_tokyo():
        db.session.get(Institution, s.tenant.institution.id).time_zone = "Asia/Tokyo"

    in_tenant(s.tenant, move_to_tokyo)
    rendered.clear()
    _main(client, s.url)
    assert len(rendered) == 3  # dates follow the campus clock


def test_a_refreshed_board_counts_as_misses_and_a_kept_one_as_hits(s, auth, client):
    auth.login_as(s.tenant.advisor)
    board(client, s.url)

    def lookups():
        before = cache.stats.hits, cache.stats.misses
        board(client, s.url)
        return cache.stats.hits - before[0], cache.stats.misses - before[1]

    assert lookups() == (2, 0)  # facts and assessment, both kept
    _tick(s)
    assert lookups() == (0, 2)  # found, but a student was read and assessed again
    assert lookups() == (2, 0)


def test_an_advisors_access_is_kept_until_their_assignment_changes(s, auth, client, count_queries):
    auth.login_as(s.tenant.advisor)
    board(client, s.url)
    with count_queries() as statements:
        board(client, s.url)
    assert not [q for q in statements if "cohort_advisors" in q]  # answered from the cache
    _tick(s)  # a student's tick moves the cohort, not the advisor's access
    with count_queries() as statements:
        board(client, s.url)
    assert not [q for q in statements if "cohort_advisors" in q]

    def remove_advisor():
        link = db.session.execute(
            select(CohortAdvisor).where(CohortAdvisor.membership_id == s.tenant.advisor.id)
        ).scalar_one()
        cohorts.remove_link(db.session.get(Cohort, s.cohort.id), link)

    in_tenant(s.tenant, remove_advisor)
    assert client.get(s.url).status_code == 404  # at once
    student = f"{s.url}/students/{s.tenant.student.id}"
    assert client.get(student).status_code == 404

    def add_advisor_back():  # a one-row INSERT … ON CONFLICT DO NOTHING, no flush
        advisor = db.session.get(Membership, s.tenant.advisor.id)
        assert cohorts.add_advisor(db.session.get(Cohort, s.cohort.id), advisor)

    in_tenant(s.tenant, add_advisor_back)
    assert client.get(s.url).status_code == 200  # at once too
