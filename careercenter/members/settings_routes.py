"""`/<slug>/settings`: the institution's name, brand colour and (later) readiness weights."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, url_for

from ..actions import apply_change
from ..auth.permissions import admin_required
from ..formcheck import form_accepted
from ..institutions.settings import settings_fingerprint, update_settings
from ..nav import register_nav
from ..tenancy import Role
from .forms import SettingsForm

bp = Blueprint("settings", __name__, url_prefix="/settings")

register_nav("settings.edit", "Settings", [Role.ADMIN], order=90)


@bp.route("", methods=["GET", "POST"])
@admin_required
def edit():
    """Show and save the institution's settings."""
    institution = g.institution
    form = SettingsForm(obj=institution)
    if not form.is_submitted():
        form.loaded.data = settings_fingerprint(institution, form.institution_fields)
    elif form_accepted(form, inline=True):
        saved = apply_change(lambda: update_settings(institution, form.values(), form.loaded.data))
        if saved:
            flash("Settings saved." if saved.value else "Nothing to change.", "success")
            return redirect(url_for("settings.edit"))
        form = SettingsForm(obj=institution, formdata=None)
        form.loaded.data = settings_fingerprint(institution, form.institution_fields)
    return render_template("members/settings.html", form=form)
