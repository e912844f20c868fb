"""Resolve `/<slug>/…` once per request: institution, membership, role, tenant scope.

Every tenant blueprint is registered with the `/<slug>` prefix; `init_app` installs the
URL processors that read the slug before any view runs and put it back into `url_for`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from flask import Flask, abort, current_app, g, has_request_context, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, and_, bindparam, func, select
from sqlalchemy.orm import aliased, lazyload

from ..extensions import db
from . import scoping
from .models import Institution, Membership

# Values read in the same statement as the membership (`read_with_membership`), by name.
_with_membership: dict[str, Callable[[], ColumnElement[Any]]] = {}


def read_with_membership(name: str, build: Callable[[], ColumnElement[Any]]) -> None:
    """Read `build()` with the signed-in member on every tenant request, as `g.<name>`.

    A registry for higher floors (the header's unread notifications): `build` returns a cheap
    scalar SQL expression correlated with `Membership`, so the page pays no extra statement.
    """
    _with_membership[name] = build
    _resolve_statement.cache_clear()
    with_membership.cache_clear()


# Pages whose view loads one tenant row by a URL argument, by endpoint: (model, argument).
_preloads: dict[str, tuple[type, str]] = {}


def preload_with_membership(endpoint: str, model: type, argument: str) -> None:
    """Read the `model` row named by `argument` of `endpoint`'s URL in the statement that
    checks the session and resolves the member, so the view's `get_or_404(model, id)`
    costs no statement of its own (`scoping.get_or_404` takes it from `g`). The row is
    joined on the slug's institution: another institution's id reads nothing."""
    _preloads[endpoint] = (model, argument)


def preload_for_request() -> tuple[type, int] | None:
    """Return the model and id this request's page loads first, if its endpoint said so."""
    found = _preloads.get(request.endpoint or "")
    if found is None:
        return None
    ident = (request.view_args or {}).get(found[1])
    return (found[0], ident) if isinstance(ident, int) else None


def init_app(app: Flask) -> None:
    """Install the slug preprocessor, the membership check and `url_for` defaults."""
    scoping.install()

    @app.url_value_preprocessor
    def pull_slug(endpoint, values):
        g.slug = values.pop("slug") if values and "slug" in values else None

    @app.url_defaults
    def add_slug(endpoint, values):
        if "slug" in values or not g.get("slug"):
            return
        if app.url_map.is_endpoint_expecting(endpoint, "slug"):
            values["slug"] = g.slug

    @app.before_request
    def load_tenant():
        slug = g.get("slug")
        if slug is None or _outside_tenant(app, request.endpoint):
            return None
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        resolved = _resolve(slug, current_user.id)
        if resolved is None:
            abort(404)
        institution, membership, extras = resolved
        scoping.activate(institution)
        g.membership = membership
        for name, value in extras.items():
            setattr(g, name, value)
        return None

    @app.teardown_request
    def leave_tenant(_exc):
        # Only undo what load_tenant did: a request context pushed inside a command
        # (`links.external_url`) must not end the command's tenant_scope() or unscoped().
        if g.pop("membership", None) is not None:
            scoping.deactivate()


def outside_tenant(view):
    """Mark a view under `<slug>` that anyone may reach: the institution's single sign-on
    (its sign-in starts before any membership exists). The view reads `g.slug` and finds
    the institution itself; no tenant is active for it."""
    view.outside_tenant = True
    return view


def _outside_tenant(app: Flask, endpoint: str | None) -> bool:
    return getattr(app.view_functions.get(endpoint or ""), "outside_tenant", False)


def tenant_slug() -> str | None:
    """Return the slug whose membership `load_tenant` will resolve in this request, if any.

    The session check (`auth.sessions.load_user`) reads it, so that one statement loads the
    signed-in person and their membership (`with_membership`, `keep_resolved`).
    """
    if not has_request_context():
        return None
    slug = g.get("slug")
    if slug is None or _outside_tenant(current_app, request.endpoint):
        return None
    return slug


def _institution_count() -> ColumnElement[int]:
    """Count the person's (`:user_id`) active institutions, as a scalar subquery."""
    mine = aliased(Membership)
    return (
        select(func.count(mine.id))
        .where(
            mine.user_id == bindparam("user_id"),
            mine.active.is_(True),
            mine.accepted_at.is_not(None),
        )
        .scalar_subquery()
    )


def _membership_terms() -> list[ColumnElement[bool]]:
    """An active, accepted membership of `:user_id`: a pending or declined invitation is not one."""
    return [
        Membership.user_id == bindparam("user_id"),
        Membership.active.is_(True),
        Membership.accepted_at.is_not(None),
    ]


@cache
def _resolve_statement() -> Select:
    """Build the institution-and-membership lookup once; slug and user are bind parameters.

    Both sides of Membership's eager relationships are in the row (the user is the one
    Flask-Login loaded), so lazy loading finds them in the identity map without SQL. The row
    also counts the person's institutions, so the header offers a switch only to someone with
    several, and only they pay a query to list them.
    """
    extras = [build().label(name) for name, build in _with_membership.items()]
    return (
        select(Institution, Membership, _institution_count().label("institution_count"), *extras)
        .join(Membership, Membership.institution_id == Institution.id)
        .options(lazyload(Membership.user), lazyload(Membership.institution))
        .where(Institution.slug == bindparam("slug"), *_membership_terms())
    )


@cache
def with_membership(build: Callable[[], Select], preload: type | None = None) -> Select:
    """Return `build()` (built once) with `_resolve_statement`'s columns added by outer joins.

    `build()` selects the signed-in person by `:user_id` (the session check); the row then
    ends with the institution of `:slug`, the membership (both None without one), the count
    and the registered extras, for `keep_resolved`; with `preload`, last, that model's row
    `:preload_id` of the same institution (`preload_with_membership`).
    """
    extras = [make().label(name) for name, make in _with_membership.items()]
    statement = (
        build()
        .add_columns(
            Institution, Membership, _institution_count().label("institution_count"), *extras
        )
        .outerjoin(Institution, Institution.slug == bindparam("slug"))
        .outerjoin(
            Membership, and_(Membership.institution_id == Institution.id, *_membership_terms())
        )
        .options(lazyload(Membership.user), lazyload(Membership.institution))
    )
    if preload is None:
        return statement
    row: Any = aliased(preload)  # the model may be Membership itself
    return statement.add_columns(row).outerjoin(
        row, and_(row.id == bindparam("preload_id"), row.institution_id == Institution.id)
    )


def keep_resolved(
    slug: str, user_id: int, tail: Sequence[Any], preload: tuple[type, int] | None = None
) -> None:
    """Keep what a `with_membership` row read (its columns after `build()`'s) for `load_tenant`,
    and the preloaded row, if any, for the view's `get_or_404`."""
    if preload is not None:
        *tail, row = tail
    institution, membership, *values = tail
    resolved = None
    if membership is not None:
        resolved = (institution, membership, dict(zip(_names(), values, strict=True)))
        if preload is not None and row is not None:
            g.tenant_preloaded = (*preload, row)
    g.tenant_resolved = (slug, user_id, resolved)


def _names() -> list[str]:
    return ["institution_count", *_with_membership]


def _resolve(slug: str, user_id: int) -> tuple[Institution, Membership, dict[str, Any]] | None:
    """Return the institution, the person's membership in it, and the values read with it
    (`g.institution_count`: how many institutions they belong to; then the registered extras),
    as the session check read them, or in a statement of their own."""
    kept = g.pop("tenant_resolved", None)
    if kept is not None and kept[:2] == (slug, user_id):
        return kept[2]
    with scoping.unscoped():  # finding the tenant comes before any tenant scope
        row = db.session.execute(_resolve_statement(), {"slug": slug, "user_id": user_id}).first()
    if row is None:
        return None
    return row[0], row[1], {name: row._mapping[name] for name in _names()}
