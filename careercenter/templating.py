"""What every template may use: the current institution, membership and role helpers."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, g

from .auth.permissions import has_role
from .nav import home_links, nav_items, section_url, static_url
from .tenancy import clock
from .tenancy.models import Role


def local_time(moment: datetime | None, fmt: str = "%d %b %Y %H:%M %Z") -> str:
    """Format a stored UTC moment on the current institution's clock (UTC outside one)."""
    if moment is None:
        return ""
    return clock.local_now(g.get("institution"), moment).strftime(fmt)


def init_app(app: Flask) -> None:
    """Expose tenant context and helpers to templates."""
    app.add_template_filter(local_time)

    @app.context_processor
    def tenant_context():
        return {
            "institution": g.get("institution"),
            "membership": g.get("membership"),
            "Role": Role,
            "has_role": has_role,
            "nav_items": nav_items,
            "home_links": home_links,
            "section_url": section_url,
            "static_url": static_url,
        }
