"""Two people acting at once in one institution: the version bump is one atomic UPDATE per
transaction, so nobody gets a StaleDataError or a deadlock, and no increment is lost."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from careercenter.checklists import progress
from careercenter.checklists.models import Assignment, ChecklistItem, ItemProgress
from careercenter.cohorts.models import CohortStudent
from careercenter.extensions import db
from careercenter.tenancy.models import Institution, Membership
from careercenter.tenancy.scoping import tenant_scope
from tests import factories

from .cache_helpers import board, cohort_with_checklist, version_of

STUDENTS = 8


@pytest.fixture
def postgresql_only(arrange):
    if db.engine.dialect.name != "postgresql":
        pytest.skip(
            "SQLite lets one writer in at a time and refuses a transaction that read before "
            "another wrote, with or without the version bump"
        )


def test_a_student_and_an_advisor_acting_at_once(
    postgresql_only, world, arrange, auth, client, _arrange_app
):
    s = cohort_with_checklist(world.a)
    students = [s.tenant.student] + [
        factories.create_member(s.tenant.institution, "student") for _ in range(STUDENTS - 1)
    ]
    with tenant_scope(s.tenant.institution):
        for student in students[1:]:
            db.session.add(CohortStudent(cohort_id=s.cohort.id, membership_id=student.id))
        db.session.commit()
    for student in students:  # the item the advisor verifies, done by every student
        factories.set_progress(s.tenant.institution, s.assignment, s.items[1], student)
    ids = {
        "institution": s.tenant.institution.id,
        "assignment": s.assignment.id,
        "items": [item.id for item in s.items],
        "students": [student.id for student in students],
        "advisor": s.tenant.advisor.id,
    }
    before = version_of(s.cohort)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def student_marks_done():
        for membership_id in ids["students"]:
            membership = db.session.get(Membership, membership_id)
            item = db.session.get(ChecklistItem, ids["items"][0])
            assignment = db.session.get(Assignment, ids["assignment"])
            progress.mark_done(assignment, item, membership, "")
            db.session.commit()

    def advisor_verifies():
        reviewer = db.session.get(Membership, ids["advisor"])
        for membership_id in ids["students"]:
            row = db.session.execute(
                select(ItemProgress).where(
                    ItemProgress.membership_id == membership_id,
                    ItemProgress.item_id == ids["items"][1],
                )
            ).scalar_one()
            progress.review(row, row.version, reviewer, verified=True)
            db.session.commit()

    def run(work):
        try:
            with _arrange_app.app_context():
                institution = db.session.get(Institution, ids["institution"])
                with tenant_scope(institution):
                    start.wait(timeout=10)
                    work()
                db.session.remove()
        except BaseException as error:  # reported below, with its type
            errors.append(error)

    threads = [
        threading.Thread(target=run, args=(w,)) for w in (student_marks_done, advisor_verifies)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "deadlocked"
    assert errors == []
    assert version_of(s.cohort) == before + 2 * STUDENTS  # none lost
    auth.login_as(s.tenant.advisor)
    rows = board(client, s.url)["rows"]
    assert len(rows) == STUDENTS and {row[3] for row in rows.values()} == {100}


def test_a_writer_does_not_wait_for_another_ones_open_transaction(
    postgresql_only, world, arrange, _arrange_app
):
    """The cohort versions are bumped at commit: a transaction that wrote progress and is
    still busy (a page count, more statements) holds no lock another student's tick in the
    same cohort needs. With the bump at the first flush, the second writer waited."""
    s = cohort_with_checklist(world.a)
    other = factories.create_member(s.tenant.institution, "student")
    with tenant_scope(s.tenant.institution):
        db.session.add(CohortStudent(cohort_id=s.cohort.id, membership_id=other.id))
        db.session.commit()
    ids = (s.tenant.institution.id, s.assignment.id, s.items[0].id)
    flushed, second_done = threading.Event(), threading.Event()
    errors: list[BaseException] = []
    waited: list[bool] = []
    before = version_of(s.cohort)

    def tick(membership_id: int) -> None:
        membership = db.session.get(Membership, membership_id)
        item = db.session.get(ChecklistItem, ids[2])
        assignment = db.session.get(Assignment, ids[1])
        progress.mark_done(assignment, item, membership, "")

    def first():
        tick(s.tenant.student.id)
        db.session.flush()
        flushed.set()
        # Still in its transaction: the other student's tick must get through meanwhile.
        waited.append(second_done.wait(timeout=3))
        db.session.commit()

    def second():
        flushed.wait(timeout=10)
        tick(other.id)
        db.session.commit()
        second_done.set()

    def run(work):
        try:
            with _arrange_app.app_context():
                with tenant_scope(db.session.get(Institution, ids[0])):
                    work()
                db.session.remove()
        except BaseException as error:  # reported below, with its type
            errors.append(error)

    threads = [threading.Thread(target=run, args=(w,)) for w in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert waited == [True], "the second writer waited for the first one's commit"
    assert version_of(s.cohort) == before + 2
