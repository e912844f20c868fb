"""`/<slug>/settings/sso`: the admin connects the identity provider and tests it."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_login import current_user

from ..actions import apply_change
from ..auth.permissions import admin_required
from ..formcheck import form_accepted
from ..jobs import enqueue
from . import saml
from .forms import RefreshForm, SsoSettingsForm, TestForm
from .models import SAML
from .refresh import refresh_metadata
from .routes import callback_url, send_to_idp
from .services import current_connection
from .settings import save_settings, version_of

bp = Blueprint("sso_settings", __name__, url_prefix="/settings/sso")


@bp.route("", methods=["GET", "POST"])
@admin_required
def edit():
    """Show and save the single sign-on settings."""
    connection = current_connection()
    form = SsoSettingsForm(obj=connection)
    if not form.is_submitted():
        form.loaded.data = version_of(connection)
    elif form_accepted(form, inline=True):
        values = form.values()
        saved = apply_change(
            lambda: save_settings(g.institution, connection, values, form.loaded.data)
        )
        if saved:
            flash("Single sign-on saved." if saved.value else "Nothing to change.", "success")
            return redirect(url_for("sso_settings.edit"))
        connection = current_connection()
        form = SsoSettingsForm(obj=connection, formdata=None)
        form.loaded.data = version_of(connection)
    return render_template(
        "sso/settings.html",
        form=form,
        connection=connection,
        test_form=TestForm(),
        refresh_form=RefreshForm(),
        entity_id=saml.entity_id(g.institution.slug),
        acs_url=saml.acs_url(g.institution.slug),
        metadata_url=url_for("sso.saml_metadata", slug=g.institution.slug, _external=True),
        redirect_uri=callback_url(g.institution),
    )


@bp.post("/refresh")
@admin_required
def refresh():
    """Fetch the IdP's metadata from its URL now (a job, as the nightly refresh)."""
    connection = current_connection()
    if form_accepted(RefreshForm()) and connection is not None:
        if connection.protocol == SAML and connection.saml_metadata_url:
            enqueue(refresh_metadata, g.institution.id)
            flash("Fetching the metadata. Reload this page in a moment to see the result.", "info")
        else:
            flash("Give the metadata URL first.", "error")
    return redirect(url_for("sso_settings.edit"))


@bp.route("/test", methods=["GET", "POST"])
@admin_required
def test():
    """Sign in through the IdP as yourself and see what it sends (attributes, not secrets)."""
    connection = current_connection()
    form = TestForm()
    if form_accepted(form):
        if connection is None or not connection.is_described:
            flash("Save a complete connection before testing it.", "error")
            return redirect(url_for("sso_settings.edit"))
        return send_to_idp(g.institution, connection, "test", user_id=current_user.id)
    return render_template("sso/test.html", connection=connection, form=form)
