"""`/<slug>/settings`: the institution's name, brand colour and (later) readiness weights."""

from __future__ import annotations

from flask import Blueprint

from ..auth.permissions import admin_required
from ..institutions.settings_page import settings_page
from ..nav import register_nav
from ..tenancy import Role
from .forms import SettingsForm

bp = Blueprint("settings", __name__, url_prefix="/settings")

register_nav("settings.edit", "Settings", [Role.ADMIN], order=90)


@bp.route("", methods=["GET", "POST"])
@admin_required
def edit():
    """Show and save the institution's settings."""
    return settings_page(
        SettingsForm, "members/settings.html", "institution.settings_changed", "Settings saved."
    )
