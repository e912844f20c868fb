"""The readiness cache: every kind of change shows on the next page view, per institution.

Each test views the page first (filling the cache), changes data through the services in the
arrange app (as another worker would), then views again. Without the version bump in
`careercenter/readiness/cache.py` the second view would be served from the cache and fail.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from careercenter.checklists import assignments, progress, services
from careercenter.checklists.models import (
    Assignment,
    ChecklistItem,
    ChecklistVersion,
    ItemProgress,
    VersionStatus,
)
from careercenter.cohorts import services as cohorts
from careercenter.cohorts.models import Cohort, CohortStudent
from careercenter.extensions import db
from careercenter.members import services as members
from careercenter.readiness import cache
from careercenter.tenancy.models import Role
from careercenter.tenancy.scoping import tenant_scope
from tests import factories

from .cache_helpers import (
    board,
    cohort_with_checklist,
    in_tenant,
    member_version_of,
    membership,
    version_of,
)

STUDENT = "alpha student"


@pytest.fixture
def s(world):
    return cohort_with_checklist(world.a)


@pytest.fixture
def advisor(s, auth):
    auth.login_as(s.tenant.advisor)


def student_row(client, s):
    return board(client, s.url)["rows"][STUDENT]


def done(s, index=0):
    return factories.set_progress(
        s.tenant.institution, s.assignment, s.items[index], s.tenant.student
    )


# --- the cache is used ------------------------------------------------------------------


def test_a_second_view_is_served_from_the_cache(s, advisor, client, count_queries):
    with count_queries() as first:
        board(client, s.url)
    with count_queries() as second:
        board(client, s.url)
    # No facts, no competencies, no audit INSERT (the view is recorded once a day) and no
    # advisor check (kept per cohort version).
    assert len(second) == len(first) - 4
    assert len(cache.cohorts) == 2  # facts with competencies, their assessment


def test_without_the_bump_the_dashboard_would_be_stale(s, advisor, client):
    """Shows that the tests below can fail: the cache really answers the second view."""
    assert student_row(client, s)[3] == 0
    event.remove(Session, "before_flush", cache._note_flush)
    try:
        done(s)
        assert student_row(client, s)[3] == 0
    finally:
        event.listen(Session, "before_flush", cache._note_flush)
    cache.clear()
    assert student_row(client, s)[3] == 50


def test_views_do_not_bump_the_version(s, advisor, client, arrange):
    before = version_of(s.cohort)
    board(client, s.url)
    board(client, s.url)
    assert version_of(s.cohort) == before


def test_a_change_bumps_only_the_cohorts_it_touches(s, advisor, client, arrange):
    other = factories.create_cohort(s.tenant.institution, advisors=[s.tenant.advisor])
    before, other_before = version_of(s.cohort), version_of(other)
    done(s)
    assert version_of(s.cohort) == before + 1
    assert version_of(other) == other_before  # its cached dashboard stays valid


def test_a_tick_bumps_its_student_only_and_a_checklist_change_every_student(s, arrange):
    classmate = factories.create_member(s.tenant.institution, Role.STUDENT)
    in_tenant(
        s.tenant,
        lambda: db.session.add(CohortStudent(cohort_id=s.cohort.id, membership_id=classmate.id)),
    )
    student, mate = member_version_of(s.tenant.student), member_version_of(classmate)
    done(s)
    assert member_version_of(s.tenant.student) == student + 1
    assert member_version_of(classmate) == mate  # the classmate's cached home stays valid

    def move_due_date():
        assignment = db.session.get(Assignment, s.assignment.id)
        assignment.due_on = assignment.due_on + timedelta(days=1)

    in_tenant(s.tenant, move_due_date)
    assert member_version_of(s.tenant.student) == student + 2
    assert member_version_of(classmate) == mate + 1


# --- progress -----------------------------------------------------------------------------


def test_marking_done_shows_at_once(s, advisor, client):
    assert student_row(client, s)[3] == 0

    def act():
        item = db.session.get(ChecklistItem, s.items[0].id)
        assignment = db.session.get(Assignment, s.assignment.id)
        progress.mark_done(assignment, item, membership(s.tenant, s.tenant.student), "")

    in_tenant(s.tenant, act)
    assert student_row(client, s)[3] == 50


def _progress(s, index):
    db.session.expire_all()
    return db.session.execute(
        select(ItemProgress).where(ItemProgress.item_id == s.items[index].id)
    ).scalar_one()


def test_undo_shows_at_once(s, advisor, client):
    done(s)
    assert student_row(client, s)[3] == 50

    def act():
        row = _progress(s, 0)
        progress.undo(row.assignment, row.item, membership(s.tenant, s.tenant.student), row.version)

    in_tenant(s.tenant, act)
    assert student_row(client, s)[3] == 0


def test_verifying_shows_at_once(s, advisor, client):
    done(s, 1)  # needs verification: not complete yet
    assert student_row(client, s)[3] == 0

    def act():
        row = _progress(s, 1)
        progress.review(row, row.version, s.tenant.advisor, verified=True)

    in_tenant(s.tenant, act)
    assert student_row(client, s)[3] == 50


def test_returning_shows_at_once(world, auth, client):
    s = cohort_with_checklist(world.a, due_on=date.today() - timedelta(days=2))
    auth.login_as(s.tenant.advisor)
    done(s, 1)
    assert student_row(client, s)[2] == 1  # the other item is overdue

    def act():
        row = _progress(s, 1)
        progress.review(row, row.version, s.tenant.advisor, verified=False, note="Redo it")

    in_tenant(s.tenant, act)
    assert student_row(client, s)[2] == 2  # returned and past due: overdue again


# --- enrolment ----------------------------------------------------------------------------


def test_enrolling_shows_at_once(s, advisor, client):
    assert board(client, s.url)["total"] == 1
    newcomer = factories.create_member(s.tenant.institution, "student", name="Zed Newcomer")
    board(client, s.url)  # creating a member bumped already: fill the cache again
    in_tenant(
        s.tenant,
        lambda: cohorts.enroll(
            db.session.get(Cohort, s.cohort.id), [membership(s.tenant, newcomer)], "added"
        ),
    )
    assert board(client, s.url)["total"] == 2


def test_removing_a_student_shows_at_once(s, advisor, client):
    assert board(client, s.url)["total"] == 1

    def act():
        link = db.session.execute(select(CohortStudent)).scalar_one()
        cohorts.remove_link(db.session.get(Cohort, s.cohort.id), link)

    in_tenant(s.tenant, act)
    assert board(client, s.url)["total"] == 0


# --- assignments --------------------------------------------------------------------------


def test_assigning_shows_at_once(s, advisor, client):
    done(s)
    other = factories.create_checklist(s.tenant.institution, [{"title": "Elevator pitch"}])
    assert student_row(client, s)[3] == 50

    def act():
        cohort = db.session.get(Cohort, s.cohort.id)
        services.assign(db.session.get(ChecklistVersion, other.id), cohort, date.today())

    in_tenant(s.tenant, act)
    assert student_row(client, s)[3] == 33  # 1 of 3 required items


def test_replacing_the_version_shows_at_once(s, advisor, client):
    done(s)
    with tenant_scope(s.tenant.institution):
        second = ChecklistVersion(
            template_id=s.version.template_id,
            number=2,
            title="Shorter",
            status=VersionStatus.PUBLISHED,
            published_at=datetime.now(UTC),
        )
        db.session.add(second)
        db.session.flush()
        db.session.add(ChecklistItem(version_id=second.id, position=1, **{"title": "Résumé"}))
        db.session.commit()
        second_id = second.id
    assert student_row(client, s)[3] == 50

    def act():
        assignment = db.session.get(Assignment, s.assignment.id)
        version = db.session.get(ChecklistVersion, second_id)
        assignments.replace_version(assignment, assignment.version, version)

    in_tenant(s.tenant, act)
    assert student_row(client, s)[3] == 100  # the résumé carried over; it is the only item


def test_removing_an_assignment_shows_at_once(s, advisor, client):
    done(s)
    assert student_row(client, s)[:2] == ("On track", 35)

    def act():
        assignment = db.session.get(Assignment, s.assignment.id)
        assignments.remove_assignment(assignment, assignment.version)

    in_tenant(s.tenant, act)
    assert student_row(client, s)[:2] == ("Not started", 0)


def test_moving_the_due_date_shows_at_once(s, advisor, client):
    assert student_row(client, s)[2] == 0

    def act():
        assignment = db.session.get(Assignment, s.assignment.id)
        services.change_due(assignment, assignment.version, date.today() - timedelta(days=1))

    in_tenant(s.tenant, act)
    assert student_row(client, s)[:3] == ("At risk", 0, 2)


# --- people -------------------------------------------------------------------------------


def test_a_role_change_shows_at_once(s, advisor, client):
    assert board(client, s.url)["total"] == 1

    def act():
        student = membership(s.tenant, s.tenant.student)
        admin = membership(s.tenant, s.tenant.admin)
        members.change_role(student, Role.ADVISOR, student.version, admin)

    in_tenant(s.tenant, act)
    assert board(client, s.url)["total"] == 0  # a former student leaves their cohorts


def test_deactivating_bumps_the_version(s, advisor, client, arrange):
    board(client, s.url)
    before = version_of(s.cohort)

    def act():
        student = membership(s.tenant, s.tenant.student)
        members.deactivate(student, student.version, membership(s.tenant, s.tenant.admin))

    in_tenant(s.tenant, act)
    assert version_of(s.cohort) == before + 1


def test_renaming_a_person_shows_at_once(s, advisor, client):
    assert STUDENT in board(client, s.url)["rows"]

    def act():
        user = membership(s.tenant, s.tenant.student).user
        user.name = "Alpha Renamed"

    in_tenant(s.tenant, act)
    assert "Alpha Renamed" in board(client, s.url)["rows"]


def test_enrolling_and_removing_one_student_bumps_that_cohort_and_student_only(s, arrange):
    other = factories.create_cohort(s.tenant.institution, advisors=[s.tenant.advisor])
    newcomer = factories.create_member(s.tenant.institution, Role.STUDENT)
    before = (version_of(s.cohort), version_of(other))
    members_before = (member_version_of(newcomer), member_version_of(s.tenant.student))

    def enroll():
        cohort = db.session.get(Cohort, s.cohort.id)
        cohorts.enroll(cohort, [db.session.get(type(newcomer), newcomer.id)], "by hand")

    in_tenant(s.tenant, enroll)  # one INSERT … ON CONFLICT statement, not a flush
    assert (version_of(s.cohort), version_of(other)) == (before[0] + 1, before[1])
    assert member_version_of(newcomer) == members_before[0] + 1
    assert member_version_of(s.tenant.student) == members_before[1]  # their home stays cached

    def remove():
        cohort = db.session.get(Cohort, s.cohort.id)
        link = db.session.execute(
            select(CohortStudent).where(CohortStudent.membership_id == newcomer.id)
        ).scalar_one()
        cohorts.remove_link(cohort, link)  # one DELETE statement

    in_tenant(s.tenant, remove)
    assert (version_of(s.cohort), version_of(other)) == (before[0] + 2, before[1])
    assert member_version_of(newcomer) == members_before[0] + 2
    assert member_version_of(s.tenant.student) == members_before[1]


def test_a_new_blueprint_bumps_its_owner_and_cohort_whoever_adds_it(s, arrange):
    from careercenter.plans.models import Plan

    student_before, cohort_before = member_version_of(s.tenant.student), version_of(s.cohort)
    in_tenant(  # a bare add (an import, a seed): nothing dirties the plan after its flush
        s.tenant,
        lambda: db.session.add(
            Plan(owner_id=s.tenant.student.id, employer="Acme", role_title="Analyst")
        ),
    )
    assert member_version_of(s.tenant.student) == student_before + 1
    assert version_of(s.cohort) == cohort_before + 1
