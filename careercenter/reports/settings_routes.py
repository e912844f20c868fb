"""The reports settings: the small-cell threshold and the background-export threshold."""

from __future__ import annotations

from ..auth.permissions import admin_required
from ..institutions.settings_page import settings_page
from ..nav import register_home_link
from ..tenancy.models import Role
from .forms import ReportSettingsForm
from .routes import bp

register_home_link(
    Role.ADMIN, "reports.settings", "Set report privacy", "small-cell suppression", 75
)


@bp.route("/settings/reports", methods=["GET", "POST"])
@admin_required
def settings():
    """Let admins set the smallest count aggregate reports show, and when exports go background."""
    return settings_page(
        ReportSettingsForm, "reports/settings.html", "settings.reports", "Report settings saved."
    )
