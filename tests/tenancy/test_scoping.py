"""The central scoping: queries, flushes and the schema all refuse to cross institutions."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from careercenter.cohorts.models import Cohort, CohortStudent
from careercenter.extensions import db
from careercenter.tenancy.models import Membership
from careercenter.tenancy.scoping import CrossTenantWriteError, get_or_404, tenant_scope

from .. import factories


def test_queries_see_only_the_current_institution(world):
    with tenant_scope(world.a.institution):
        cohorts = db.session.execute(select(Cohort)).scalars().all()
        assert [c.id for c in cohorts] == [world.a.cohort.id]
        members = db.session.execute(select(Membership.institution_id)).scalars().all()
        assert set(members) == {world.a.institution.id}


def test_joins_and_aliases_are_scoped_too(world):
    with tenant_scope(world.a.institution):
        rows = db.session.execute(
            select(CohortStudent.id).join(Cohort, Cohort.id == CohortStudent.cohort_id)
        ).all()
        assert len(rows) == 1


def test_get_or_404_refuses_another_institutions_row(world, app):
    from werkzeug.exceptions import NotFound

    b_cohort_id = world.b.cohort.id
    with tenant_scope(world.a.institution):
        assert get_or_404(Cohort, world.a.cohort.id).id == world.a.cohort.id
        with pytest.raises(NotFound):
            get_or_404(Cohort, b_cohort_id)


def test_flush_refuses_a_row_of_another_institution(world):
    with tenant_scope(world.a.institution):
        db.session.add(Cohort(name="Smuggled", institution_id=world.b.institution.id))
        with pytest.raises(CrossTenantWriteError):
            db.session.flush()
        db.session.rollback()


def test_new_rows_get_the_current_institution(world):
    with tenant_scope(world.a.institution):
        cohort = Cohort(name="New")
        db.session.add(cohort)
        db.session.commit()
        assert cohort.institution_id == world.a.institution.id


def test_schema_refuses_a_link_across_institutions(world):
    """Even bypassing the ORM guard, composite keys stop a cross-tenant link."""
    a_cohort, b_student = world.a.cohort.id, world.b.student.id
    db.session.add(
        CohortStudent(
            cohort_id=a_cohort, membership_id=b_student, institution_id=world.a.institution.id
        )
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_membership_in_one_institution_only_opens_that_one(world, auth, client):
    person = factories.create_user()
    factories.create_member(world.a.institution, "advisor", user=person)
    auth.login(person.email)
    assert client.get(f"/{world.a.slug}/").status_code == 200
    assert client.get(f"/{world.b.slug}/").status_code == 404
    assert client.get("/no-such-place/").status_code == 404
