"""A statement run again and again keeps one scoped copy, which scopes to whichever
institution is active when it runs, and changes the session's objects only in it."""

from __future__ import annotations

import gc
import weakref

from sqlalchemy import select, update

from careercenter.cohorts.models import Cohort
from careercenter.extensions import db
from careercenter.tenancy import scoping
from careercenter.tenancy.scoping import tenant_scope

ALL_COHORTS = select(Cohort.name).order_by(Cohort.name)  # built once, like the pages' own


def test_a_kept_statement_scopes_to_each_institution_in_turn(world, arrange):
    names = {}
    for _ in range(2):  # the second round runs the kept copies
        for tenant in (world.a, world.b):
            with tenant_scope(tenant.institution):
                names.setdefault(tenant.slug, []).append(
                    db.session.execute(ALL_COHORTS).scalars().all()
                )
    a, b = names[world.a.slug], names[world.b.slug]
    assert a[0] == a[1] == [world.a.cohort.name]
    assert b[0] == b[1] == [world.b.cohort.name]
    assert ALL_COHORTS in scoping._scoped_copies


def test_the_copy_is_reused_and_goes_with_its_statement(world, arrange):
    with tenant_scope(world.a.institution):
        statement = select(Cohort.id)
        first = scoping._scoped(statement)
        assert scoping._scoped(statement) is first
    gone = weakref.ref(statement)
    assert statement in scoping._scoped_copies
    del statement, first
    gc.collect()
    assert gone() is None  # nothing but the statement itself kept its copy alive


def test_a_bulk_update_changes_only_the_active_institutions_objects_in_the_session(world, arrange):
    """An ORM UPDATE evaluates its criteria in Python to update the objects the session holds:
    the tenant's id must be there too, or they would keep their old values (or another
    institution's would change)."""
    with tenant_scope(world.a.institution):
        mine = db.session.get(Cohort, world.a.cohort.id)
        db.session.execute(update(Cohort).values(description="Renamed in bulk"))
        assert mine.description == "Renamed in bulk"  # updated in place, no reload
    with tenant_scope(world.b.institution):
        theirs = db.session.execute(select(Cohort)).scalar_one()
        assert theirs.description != "Renamed in bulk"


def test_outside_any_tenant_a_kept_copy_matches_nothing(world, arrange):
    """The copy names no institution: run with none active (which `_scope_statement` refuses
    first), its criteria compare with NULL."""
    scoped = scoping._scoped(ALL_COHORTS)
    with scoping.unscoped():
        assert db.session.execute(scoped).scalars().all() == []
        assert len(db.session.execute(ALL_COHORTS).scalars().all()) >= 2
