"""The readiness cache across institutions and transactions: keys carry the institution, a
transaction that changed data reads around the cache, one bump per cohort per transaction,
bulk statements bump too, and the watched tables cover everything the queries read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import delete

from careercenter.checklists.models import ItemProgress, ProgressStatus
from careercenter.extensions import db
from careercenter.readiness import cache
from careercenter.readiness.dashboard import cohort_readiness
from careercenter.tenancy.scoping import tenant_scope
from tests import factories

from .cache_helpers import cohort_with_checklist, version_of


def done(s, index=0):
    return factories.set_progress(
        s.tenant.institution, s.assignment, s.items[index], s.tenant.student
    )


@pytest.fixture
def s(world):
    return cohort_with_checklist(world.a)


# --- tenancy and transactions ---------------------------------------------------------------


def test_cached_facts_never_cross_institutions(world, arrange):
    a, b = world.a, world.b
    cohort_with_checklist(a)
    now = datetime.now(UTC)
    with tenant_scope(a.institution):
        assert len(cohort_readiness(a.cohort.id, 70, now).rows) == 1
        assert cache.cohort_key(a.cohort.id)[0] == a.institution.id
    with tenant_scope(b.institution):
        # Same cohort id asked for in the other institution: its own (scoped, empty) answer,
        # even though this session still holds institution a's cohort.
        assert cohort_readiness(a.cohort.id, 70, now).rows == []
        assert cache.cohort_key(a.cohort.id) is None
    with tenant_scope(a.institution):
        assert len(cohort_readiness(a.cohort.id, 70, now).rows) == 1


def test_a_transaction_that_changed_data_reads_around_the_cache(s, arrange):
    with tenant_scope(s.tenant.institution):
        now = datetime.now(UTC)
        assert cohort_readiness(s.cohort.id, 70, now).rows[0].readiness.percent == 0
        db.session.add(
            ItemProgress(
                assignment_id=s.assignment.id,
                item_id=s.items[0].id,
                membership_id=s.tenant.student.id,
                status=ProgressStatus.DONE,
            )
        )
        db.session.flush()  # noted, not committed: the loaded version is about to be stale
        assert cache.cohort_key(s.cohort.id) is None
        assert cohort_readiness(s.cohort.id, 70, now).rows[0].readiness.percent == 50
        db.session.rollback()
        assert cache.cohort_key(s.cohort.id) is not None


def test_one_bump_per_transaction(s, arrange):
    before = version_of(s.cohort)
    with tenant_scope(s.tenant.institution):
        for item in s.items:
            db.session.add(
                ItemProgress(
                    assignment_id=s.assignment.id,
                    item_id=item.id,
                    membership_id=s.tenant.student.id,
                    status=ProgressStatus.DONE,
                )
            )
            db.session.flush()
        db.session.commit()
    assert version_of(s.cohort) == before + 1


def test_a_bulk_statement_bumps_the_version(s, arrange):
    done(s)
    before = version_of(s.cohort)
    with tenant_scope(s.tenant.institution):
        db.session.execute(delete(ItemProgress).execution_options(synchronize_session=False))
        db.session.commit()
    assert version_of(s.cohort) == before + 1


def test_every_table_the_queries_read_is_watched(app):
    from sqlalchemy.sql.util import find_tables

    from careercenter.checklists.progress import _student_items_statement
    from careercenter.readiness import queries
    from careercenter.stages import blueprint_stage_source

    source = blueprint_stage_source()
    statements = [
        queries._facts_statement(True, source),
        queries._facts_statement(True, source, True),
        queries._facts_statement(False, source),
        queries._competency_statement(),
        queries._competencies_by_student_statement(True),
        queries._member_versions_statement(),
        _student_items_statement(),
    ]
    read = {t.name for stmt in statements for t in find_tables(stmt, include_joins=True)}
    assert "plans" in read and "item_progress" in read  # the traversal reaches subqueries
    assert read - {"users"} <= cache.WATCHED_TABLES  # users: names and emails, watched apart


def test_signing_in_does_not_bump_the_version(s, auth, arrange):
    before = version_of(s.cohort)
    auth.login_as(s.tenant.student)  # records the time of sign-in on the user
    assert version_of(s.cohort) == before
