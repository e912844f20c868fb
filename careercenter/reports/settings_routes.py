"""The reports settings: the small-cell threshold and the background-export threshold."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for

from ..actions import apply_change
from ..auth.permissions import admin_required
from ..formcheck import form_accepted
from ..institutions.settings import settings_fingerprint, update_settings
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
    institution = g.institution
    form = ReportSettingsForm(obj=institution)
    if not form.is_submitted():
        form.loaded.data = settings_fingerprint(institution, form.institution_fields)
    elif form_accepted(form, inline=True):
        values, loaded = form.values(), form.loaded.data
        if apply_change(lambda: update_settings(institution, values, loaded, "settings.reports")):
            flash("Report settings saved.", "success")
            return redirect(url_for(".settings"))
        form = ReportSettingsForm(obj=institution, formdata=None)
        form.loaded.data = settings_fingerprint(institution, form.institution_fields)
        return render_template("reports/settings.html", form=form), 409
    return render_template("reports/settings.html", form=form), 400 if form.errors else 200
