"""A statement run again and again keeps its scoped copy per institution, and each copy
still scopes to its own institution."""

from __future__ import annotations

import gc
import weakref

from sqlalchemy import select

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
    copies = scoping._scoped_copies[ALL_COHORTS]
    assert set(copies) == {world.a.institution.id, world.b.institution.id}


def test_the_copy_is_reused_and_goes_with_its_statement(world, arrange):
    with tenant_scope(world.a.institution):
        statement = select(Cohort.id)
        first = scoping._scoped(statement, world.a.institution.id)
        assert scoping._scoped(statement, world.a.institution.id) is first
        assert scoping._scoped(statement, world.b.institution.id) is not first
    gone = weakref.ref(statement)
    assert statement in scoping._scoped_copies
    del statement, first
    gc.collect()
    assert gone() is None  # nothing but the statement itself kept its copy alive


def test_a_statement_keeps_copies_for_a_bounded_number_of_institutions(world, arrange, monkeypatch):
    monkeypatch.setattr(scoping, "COPIES_PER_STATEMENT", 2)
    statement = select(Cohort.id)
    for tenant_id in (1, 2, 3):
        scoping._scoped(statement, tenant_id)
    assert list(scoping._scoped_copies[statement]) == [2, 3]
