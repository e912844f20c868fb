"""The one place tenant scoping is enforced, and it fails closed.

Every ORM SELECT, UPDATE and DELETE that touches a `TenantMixin` model gets
`institution_id = <current>` added, and every flush refuses a tenant row that belongs to
another institution. With no institution active, touching a tenant model raises
`TenantScopeError` unless the code runs inside an explicit `unscoped()` block (platform code:
sign-in, the institution picker, CLI commands). Views never filter by institution themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import cast
from weakref import WeakKeyDictionary

from flask import abort, g, has_app_context
from sqlalchemy import Table, bindparam, event, select
from sqlalchemy.orm import (
    Mapper,
    ORMExecuteState,
    Session,
    with_loader_criteria,
)
from sqlalchemy.sql.base import Executable
from sqlalchemy.sql.elements import BindParameter, ClauseElement
from sqlalchemy.sql.util import find_tables

from .models import Institution, TenantMixin

UNSCOPED = "tenant_unscoped"  # g flag set by unscoped(): platform code, no scoping on purpose


class CrossTenantWriteError(RuntimeError):
    """Raised when a flush would write a row into another institution."""


class TenantScopeError(RuntimeError):
    """Raised when tenant data is read or written with no institution and no `unscoped()`."""


def current_institution_id() -> int | None:
    """Return the id of the institution this request or command works in, if any."""
    if not has_app_context():
        return None
    return g.get("tenant_id")


def is_unscoped() -> bool:
    """Return whether the code runs inside `unscoped()` (and no tenant scope within it)."""
    return has_app_context() and bool(g.get(UNSCOPED)) and g.get("tenant_id") is None


def activate(institution: Institution) -> None:
    """Make `institution` the current tenant for the rest of this app context."""
    g.institution = institution
    g.tenant_id = institution.id


def deactivate() -> None:
    """Leave tenant scope and any `unscoped()` block: tenant data is refused again."""
    g.pop("institution", None)
    g.pop("tenant_id", None)
    g.pop(UNSCOPED, None)


def _saved() -> tuple:
    return g.get("institution"), g.get("tenant_id"), g.get(UNSCOPED, False)


def _restore(saved: tuple) -> None:
    deactivate()
    institution, tenant_id, unscoped_flag = saved
    if institution is not None:
        g.institution, g.tenant_id = institution, tenant_id
    if unscoped_flag:
        setattr(g, UNSCOPED, True)


@contextmanager
def tenant_scope(institution: Institution) -> Iterator[Institution]:
    """Run a block (a CLI command, a seed step, a test) inside one institution."""
    saved = _saved()
    activate(institution)
    try:
        yield institution
    finally:
        _restore(saved)


@contextmanager
def unscoped() -> Iterator[None]:
    """Run a block across institutions on purpose: platform code only (sign-in, CLI).

    Queries inside see every institution's rows and new tenant rows must name their
    institution; a `tenant_scope()` inside the block scopes again.
    """
    saved = _saved()
    deactivate()
    setattr(g, UNSCOPED, True)
    try:
        yield
    finally:
        _restore(saved)


def get_or_404(model: type[TenantMixin], ident: int, **criteria):
    """Load one tenant row of the current institution by id, or answer 404.

    Issues a scoped SELECT (never the identity map), so another institution's row is
    indistinguishable from a missing one; unless the row was read this request with the
    member, joined on their institution (`urls.preload_with_membership`).
    """
    from ..extensions import db

    if current_institution_id() is None:
        abort(404)
    preloaded = g.get("tenant_preloaded") if has_app_context() and not criteria else None
    if preloaded is not None and preloaded[:2] == (model, ident):
        obj = g.pop("tenant_preloaded")[2]
    elif criteria:
        stmt = select(model).where(model.id == ident).filter_by(**criteria)
        obj = db.session.execute(
            stmt.execution_options(populate_existing=True)
        ).scalar_one_or_none()
    else:  # the usual case: one statement per model, built once
        obj = db.session.execute(_by_id(model), {"ident": ident}).scalar_one_or_none()
    if obj is None or obj.institution_id != current_institution_id():
        abort(404)
    return obj


_BY_ID: dict[type, Executable] = {}


def _by_id(model: type[TenantMixin]) -> Executable:
    """Return the SELECT of one `model` row by id, built once per model."""
    stmt = _BY_ID.get(model)
    if stmt is None:
        stmt = _BY_ID[model] = (
            select(model)
            .where(model.id == bindparam("ident"))
            .execution_options(populate_existing=True)
        )
    return stmt


def install(session_cls: type[Session] = Session) -> None:
    """Register the scoping and flush-guard listeners on all sessions."""
    if event.contains(session_cls, "do_orm_execute", _scope_statement):
        return
    event.listen(session_cls, "do_orm_execute", _scope_statement)
    event.listen(session_cls, "before_flush", _guard_flush)


def _scope_statement(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if current_institution_id() is not None:
        state.statement = _scoped(state.statement)
    elif not is_unscoped():
        touched = _tenant_model_touched(state)
        if touched is not None:
            kind = "query" if state.is_select else "update" if state.is_update else "delete"
            raise TenantScopeError(
                f"{kind} of {touched} outside any tenant scope; use tenant_scope() or unscoped()"
            )


# Statements built once and run again and again (module-level, `functools.cache`d) keep their
# scoped copy: adding the criteria and keying the copy anew each time cost more than running
# most of them. One copy serves every institution: the criteria compare with `_TENANT_ID`,
# whose value is the active tenant's id read as the statement runs. Weak keys: a statement
# built per call takes its copy along.
_scoped_copies: WeakKeyDictionary[Executable, Executable] = WeakKeyDictionary()

# The active tenant's id (None, matching nothing, outside any tenant), read each time a scoped
# statement runs, and when an ORM UPDATE or DELETE evaluates its criteria in Python to update
# the session's objects. A value bound per statement instead (a closure in the criteria's
# lambda) made SQLAlchemy match one parameter per tenant entity against the others on every
# run (`construct_params`): a third of a scoped statement's time in the ORM.
_TENANT_ID: BindParameter[int | None] = bindparam(
    "tenant_scope_id", callable_=current_institution_id
)


def _scoped(statement: Executable) -> Executable:
    """Return `statement` with `institution_id = <the active tenant>` on every tenant entity.

    Lazy, selectin and refresh loads are statements of their own, which `_scope_statement`
    scopes to the tenant active when they run (`propagate_to_loaders=False`): inside
    `unscoped()` they read across institutions, as everything there does.
    """
    scoped = _scoped_copies.get(statement)
    if scoped is None:
        scoped = _scoped_copies[statement] = statement.options(
            with_loader_criteria(
                TenantMixin,
                lambda cls: cls.institution_id == _TENANT_ID,
                include_aliases=True,
                propagate_to_loaders=False,
            )
        )
    return scoped


def _guard_flush(session: Session, flush_context, instances) -> None:
    tenant_id = current_institution_id()
    if tenant_id is None:
        if is_unscoped():
            return
        for obj in (*session.new, *session.dirty, *session.deleted):
            if isinstance(obj, TenantMixin):
                raise TenantScopeError(
                    f"flush of {type(obj).__name__} outside any tenant scope; "
                    "use tenant_scope() or unscoped()"
                )
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(obj, TenantMixin):
            continue
        if obj.institution_id is None and obj in session.new:
            obj.institution_id = tenant_id
        elif obj.institution_id is not None and obj.institution_id != tenant_id:
            raise CrossTenantWriteError(
                f"{type(obj).__name__} of institution {obj.institution_id} "
                f"written while working in institution {tenant_id}"
            )


# --- what a statement touches (only asked with no tenant active) -----------------------------


def _tenant_model_touched(state: ORMExecuteState) -> str | None:
    """Return the name of a tenant model the statement reads or writes, if any.

    Looks at the entities it returns or changes (lazy, selectin and refresh loads included),
    every table in its FROMs, joins, subqueries and columns, relationship joins, loader
    options (joinedload …) and the eager joins the entities' mappers add by default.
    """
    mappers = list(state.all_mappers)
    stmt = state.statement
    for option in getattr(stmt, "_with_options", ()):
        for load in getattr(option, "context", ()):
            # entities (mappers, aliases) and relationships in the path all have a mapper
            mappers.extend(e.mapper for e in load.path if hasattr(e, "mapper"))
    for mapper in mappers:
        name = _tenant_reached(mapper)
        if name is not None:
            return name
    tenant_tables = _tenant_tables()
    clause = cast(ClauseElement, stmt)  # typed Executable; every statement the ORM runs is one
    for table in find_tables(clause, check_columns=True, include_aliases=True, include_crud=True):
        if isinstance(table, Table) and table.name in tenant_tables:
            return tenant_tables[table.name]
    return None


@cache
def _tenant_tables() -> dict[str, str]:
    """Map each tenant table's name to its model's name."""
    return {
        cast(Table, mapper.local_table).name: mapper.class_.__name__
        for mapper in _all_mappers()
        if issubclass(mapper.class_, TenantMixin)
    }


def _all_mappers() -> list[Mapper]:
    from ..extensions import Model

    return list(Model.registry.mappers)


@cache
def _tenant_reached(mapper: Mapper, seen: frozenset = frozenset()) -> str | None:
    """Return the tenant model `mapper` is or eagerly joins by default (lazy="joined")."""
    if issubclass(mapper.class_, TenantMixin):
        return mapper.class_.__name__
    for relationship in mapper.relationships:
        target = relationship.mapper
        if relationship.lazy == "joined" and target not in seen:
            name = _tenant_reached(target, seen | {mapper})
            if name is not None:
                return name
    return None
