"""The one place tenant scoping is enforced.

Every SELECT, UPDATE and DELETE that touches a `TenantMixin` model gets
`institution_id = <current>` added by the ORM, and every flush refuses a tenant row
that belongs to another institution. Views never filter by institution themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import abort, g, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from .models import Institution, TenantMixin


class CrossTenantWriteError(RuntimeError):
    """Raised when a flush would write a row into another institution."""


def current_institution_id() -> int | None:
    """Return the id of the institution this request or command works in, if any."""
    if not has_app_context():
        return None
    return g.get("tenant_id")


def activate(institution: Institution) -> None:
    """Make `institution` the current tenant for the rest of this app context."""
    g.institution = institution
    g.tenant_id = institution.id


def deactivate() -> None:
    """Leave tenant scope (only for platform-level code such as sign-in)."""
    g.pop("institution", None)
    g.pop("tenant_id", None)


@contextmanager
def tenant_scope(institution: Institution) -> Iterator[Institution]:
    """Run a block (a CLI command, a seed step, a test) inside one institution."""
    previous = (g.get("institution"), g.get("tenant_id"))
    activate(institution)
    try:
        yield institution
    finally:
        if previous[0] is None:
            deactivate()
        else:
            g.institution, g.tenant_id = previous


@contextmanager
def unscoped() -> Iterator[None]:
    """Run a block without tenant scoping: platform code only (sign-in, institution picker)."""
    previous = (g.get("institution"), g.get("tenant_id"))
    deactivate()
    try:
        yield
    finally:
        if previous[0] is not None:
            g.institution, g.tenant_id = previous


def get_or_404(model: type[TenantMixin], ident: int, **criteria):
    """Load one tenant row of the current institution by id, or answer 404.

    Always issues a scoped SELECT (never the identity map), so another institution's row
    is indistinguishable from a missing one.
    """
    from ..extensions import db

    if current_institution_id() is None:
        abort(404)
    stmt = select(model).where(model.id == ident).filter_by(**criteria)
    obj = db.session.execute(stmt.execution_options(populate_existing=True)).scalar_one_or_none()
    if obj is None or obj.institution_id != current_institution_id():
        abort(404)
    return obj


def install(session_cls: type[Session] = Session) -> None:
    """Register the scoping and flush-guard listeners on all sessions."""
    if event.contains(session_cls, "do_orm_execute", _scope_statement):
        return
    event.listen(session_cls, "do_orm_execute", _scope_statement)
    event.listen(session_cls, "before_flush", _guard_flush)


def _scope_statement(state: ORMExecuteState) -> None:
    tenant_id = current_institution_id()
    if tenant_id is None:
        return
    if state.is_select or state.is_update or state.is_delete:
        state.statement = state.statement.options(
            with_loader_criteria(
                TenantMixin,
                lambda cls: cls.institution_id == tenant_id,
                include_aliases=True,
            )
        )


def _guard_flush(session: Session, flush_context, instances) -> None:
    tenant_id = current_institution_id()
    if tenant_id is None:
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
