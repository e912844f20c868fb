"""Tenancy fails closed: tenant data outside any scope raises unless `unscoped()` says so.

Each test works in a fresh app context of the app under test (not the `arrange` one, which is
`unscoped()` on purpose), so nothing is active until the test activates it.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.orm import aliased, joinedload, registry, relationship, selectinload

from careercenter.audit import AuditEvent
from careercenter.auth.models import User
from careercenter.cohorts.models import Cohort, CohortStudent
from careercenter.extensions import db
from careercenter.practices.models import Practice, visible_practices
from careercenter.tenancy.models import Institution, Membership
from careercenter.tenancy.scoping import TenantScopeError, tenant_scope, unscoped

BARE = {
    "select": lambda: select(Membership),
    "columns only": lambda: select(Membership.id),
    "aggregate": lambda: select(func.count()).select_from(Membership),
    "core table": lambda: select(Membership.__table__.c.id),
    "join": lambda: select(Institution).join(
        Membership, Membership.institution_id == Institution.id
    ),
    "alias": lambda: select(User).join((m := aliased(Membership)), m.user_id == User.id),
    "subquery": lambda: select(User).where(User.id.in_(select(Membership.user_id))),
    "correlated exists": lambda: select(User).where(exists().where(Membership.user_id == User.id)),
    "update": lambda: update(Membership).values(active=False),
    "delete": lambda: delete(Membership),
}


@pytest.fixture
def bare(app, world):
    """Ids of the test world, and a fresh app context: no tenant, no `unscoped()`."""
    ids = SimpleNamespace(
        a=world.a.institution.id,
        b=world.b.institution.id,
        a_cohort=world.a.cohort.id,
        b_cohort=world.b.cohort.id,
        a_student=world.a.student.id,
    )
    with app.app_context():
        yield ids
        db.session.rollback()


@pytest.mark.parametrize("statement", BARE.values(), ids=BARE.keys())
def test_a_bare_statement_on_tenant_data_raises(bare, statement):
    with pytest.raises(TenantScopeError, match="outside any tenant scope"):
        db.session.execute(statement())


def test_the_error_names_the_model_and_the_way_out(bare):
    with pytest.raises(TenantScopeError) as raised:
        db.session.execute(select(Membership))
    assert str(raised.value) == (
        "query of Membership outside any tenant scope; use tenant_scope() or unscoped()"
    )


def test_statements_on_platform_tables_need_no_scope(bare):
    assert db.session.execute(select(User).where(User.email.like("%@%"))).scalars().all()
    assert len(db.session.execute(select(Institution)).scalars().all()) == 2


def test_lazy_loads_of_tenant_rows_raise(bare):
    with unscoped():
        cohort = db.session.get(Cohort, bare.a_cohort)
        link = db.session.execute(select(CohortStudent)).scalars().first()
    with pytest.raises(TenantScopeError, match="CohortStudent"):
        cohort.student_links  # noqa: B018 (a lazy load)
    with pytest.raises(TenantScopeError, match="Membership"):
        link.membership  # noqa: B018 (a lazy load)


def test_expired_tenant_rows_do_not_refresh_outside_a_scope(bare):
    with unscoped():
        cohort = db.session.get(Cohort, bare.a_cohort)
    db.session.expire(cohort)
    with pytest.raises(TenantScopeError, match="Cohort"):
        cohort.name  # noqa: B018 (a refresh)


@pytest.mark.parametrize("loader", [joinedload, selectinload], ids=["joined", "selectin"])
def test_eager_loads_of_tenant_rows_raise(bare, loader):
    statement = select(Cohort).options(loader(Cohort.student_links))
    with pytest.raises(TenantScopeError):
        db.session.execute(statement).unique().scalars().all()


def test_a_flush_of_tenant_rows_raises(bare):
    db.session.add(Cohort(name="Stray", institution_id=bare.a))
    with pytest.raises(TenantScopeError, match="flush of Cohort"):
        db.session.flush()


def test_a_changed_or_deleted_tenant_row_does_not_flush(bare):
    with unscoped():
        cohort = db.session.get(Cohort, bare.a_cohort)
    cohort.name = "Renamed outside"
    with pytest.raises(TenantScopeError, match="flush of Cohort"):
        db.session.flush()
    db.session.expunge_all()
    with unscoped():
        student = db.session.get(Membership, bare.a_student)
    db.session.delete(student)
    with pytest.raises(TenantScopeError, match="flush of Membership"):
        db.session.flush()


def test_practices_fail_closed_too(bare):
    with pytest.raises(TenantScopeError):
        db.session.execute(visible_practices())
    db.session.add(Practice(key="stray", title="Stray", category="readiness", competency="x"))
    with pytest.raises(TenantScopeError, match="flush of Practice"):
        db.session.flush()


def test_unscoped_sees_every_institution_and_may_write(bare):
    with unscoped():
        members = db.session.execute(select(Membership.institution_id)).scalars().all()
        assert set(members) == {bare.a, bare.b}
        cohort = db.session.get(Cohort, bare.b_cohort)
        assert len(cohort.student_links) == 1
        db.session.execute(update(Membership).values(active=True))
        db.session.add(AuditEvent(action="test.platform", institution_id=bare.b))
        db.session.flush()
    with pytest.raises(TenantScopeError):  # the block ends: closed again
        db.session.execute(select(Membership))


def test_tenant_scope_scopes_again_inside_unscoped_and_back(bare):
    a, b = bare.a, bare.b
    with unscoped():
        institution = db.session.get(Institution, a)
        with tenant_scope(institution):
            assert set(db.session.execute(select(Membership.institution_id)).scalars()) == {a}
            with unscoped():  # platform code called from a tenant request
                found = set(db.session.execute(select(Membership.institution_id)).scalars())
                assert found == {a, b}
            assert set(db.session.execute(select(Membership.institution_id)).scalars()) == {a}
        assert len(db.session.execute(select(Membership)).scalars().all()) == 6
    with pytest.raises(TenantScopeError):
        db.session.execute(select(Membership))


@pytest.fixture(scope="module")
def people():
    """Platform-level classes with relationships to tenant rows (the app has none any more):
    one loading them lazily, one joining them by default."""
    mapper_registry = registry()

    class Person:
        pass

    class EagerPerson:
        pass

    for cls, lazy in ((Person, "select"), (EagerPerson, "joined")):
        memberships = relationship(Membership, viewonly=True, lazy=lazy)
        mapper_registry.map_imperatively(
            cls, User.__table__, properties={"memberships": memberships}
        )
    yield Person, EagerPerson
    mapper_registry.dispose()


def test_loads_from_a_platform_parent_raise(bare, people):
    person, eager_person = people
    one = db.session.execute(select(person)).scalars().first()
    with pytest.raises(TenantScopeError, match="Membership"):
        one.memberships  # noqa: B018 (a lazy load)
    for statement in (
        select(person).options(joinedload(person.memberships)),
        select(person).options(selectinload(person.memberships)),
        select(person).join(person.memberships),
        select(person.id).join(person.memberships),
        select(eager_person),
    ):
        with pytest.raises(TenantScopeError, match="Membership"):
            db.session.execute(statement).unique().all()
    with unscoped():
        assert one.memberships and db.session.execute(select(eager_person)).unique().all()


def test_user_has_no_memberships_relationship():
    """`user.memberships` would mean one institution in a tenant and all of them outside."""
    assert "memberships" not in User.__mapper__.relationships
