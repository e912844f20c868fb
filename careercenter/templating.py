"""What every template may use: the current institution, membership and role helpers."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, g
from flask_login import current_user

from .auth.permissions import has_role
from .auth.services import active_memberships
from .nav import home_links, nav_items, query_url, section_url, static_url
from .tenancy import clock
from .tenancy.models import Role


def local_time(moment: datetime | None, fmt: str = "%d %b %Y %H:%M %Z") -> str:
    """Format a stored UTC moment on the current institution's clock (UTC outside one)."""
    if moment is None:
        return ""
    return clock.local_now(g.get("institution"), moment).strftime(fmt)


def other_institutions() -> list:
    """Return the signed-in person's memberships in other institutions, for the header's switch.

    Nothing, and no query, for someone in one institution (`load_tenant` counted them); one
    query for someone in several, once per request.
    """
    if g.get("institution_count", 0) < 2 or not current_user.is_authenticated:
        return []
    if "other_institutions" not in g:
        current = g.get("tenant_id")
        g.other_institutions = [
            m for m in active_memberships(current_user) if m.institution_id != current
        ]
    return g.other_institutions


def init_app(app: Flask) -> None:
    """Expose tenant context and helpers to templates."""
    app.add_template_filter(local_time)
    # Plain functions of the request, so also templates rendered without the context
    # processors (kept fragments) can build addresses.
    app.jinja_env.globals.update(
        query_url=query_url, section_url=section_url, static_url=static_url
    )

    @app.context_processor
    def tenant_context():
        return {
            "institution": g.get("institution"),
            "membership": g.get("membership"),
            "Role": Role,
            "has_role": has_role,
            "nav_items": nav_items,
            "home_links": home_links,
            "other_institutions": other_institutions,
        }
