"""Resolve `/<slug>/…` once per request: institution, membership, role, tenant scope.

Every tenant blueprint is registered with the `/<slug>` prefix; `init_app` installs the
URL processors that read the slug before any view runs and put it back into `url_for`.
"""

from __future__ import annotations

from functools import cache

from flask import Flask, abort, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import aliased, lazyload

from ..extensions import db
from . import scoping
from .models import Institution, Membership


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
        if slug is None:
            return None
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        resolved = _resolve(slug, current_user.id)
        if resolved is None:
            abort(404)
        institution, membership, g.institution_count = resolved
        scoping.activate(institution)
        g.membership = membership
        return None

    @app.teardown_request
    def leave_tenant(_exc):
        # Only undo what load_tenant did: a request context pushed inside a command
        # (`links.external_url`) must not end the command's tenant_scope() or unscoped().
        if g.pop("membership", None) is not None:
            scoping.deactivate()


@cache
def _resolve_statement() -> Select:
    """Build the institution-and-membership lookup once; slug and user are bind parameters.

    Both sides of Membership's eager relationships are in the row (the user is the one
    Flask-Login loaded), so lazy loading finds them in the identity map without SQL. The row
    also counts the person's institutions, so the header offers a switch only to someone with
    several, and only they pay a query to list them.
    """
    mine = aliased(Membership)
    institutions = (
        select(func.count(mine.id))
        .where(
            mine.user_id == bindparam("user_id"),
            mine.active.is_(True),
            mine.accepted_at.is_not(None),
        )
        .scalar_subquery()
    )
    return (
        select(Institution, Membership, institutions)
        .join(Membership, Membership.institution_id == Institution.id)
        .options(lazyload(Membership.user), lazyload(Membership.institution))
        .where(
            Institution.slug == bindparam("slug"),
            Membership.user_id == bindparam("user_id"),
            Membership.active.is_(True),
            # A pending or declined invitation is not a membership (belt and braces: not active).
            Membership.accepted_at.is_not(None),
        )
    )


def _resolve(slug: str, user_id: int) -> tuple[Institution, Membership, int] | None:
    """Return the institution, the person's membership in it and how many institutions they
    belong to."""
    with scoping.unscoped():  # finding the tenant comes before any tenant scope
        row = db.session.execute(_resolve_statement(), {"slug": slug, "user_id": user_id}).first()
    return (row[0], row[1], row[2]) if row else None
