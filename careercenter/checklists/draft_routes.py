"""Changing a draft after the fact: edit an item, and publish only once confirmed."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from ..auth.permissions import admin_required
from ..formcheck import form_accepted
from ..tenancy import get_or_404
from . import services
from .bp import bp, run_action
from .forms import ItemEditForm, PublishForm
from .models import ChecklistItem, ChecklistVersion, Evidence


def _back(version_id: int):
    return redirect(url_for(".version", version_id=version_id))


@bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_item(item_id: int):
    """Change an item of a draft after it was added."""
    item = get_or_404(ChecklistItem, item_id)
    version = item.checklist_version
    if version.is_published:
        flash("A published version never changes. Start a new draft to edit.", "error")
        return _back(version.id)
    form = ItemEditForm(obj=item, version=str(version.version))
    if request.method == "GET":
        form.evidence.data, form.competency.data = item.evidence.value, item.competency or ""
    if form_accepted(form, inline=True):
        saved = run_action(
            services.update_item,
            item,
            form.version.data,
            title=form.title.data or "",
            details=form.details.data or "",
            competency=form.competency.data or None,
            required=form.required.data,
            evidence=Evidence(form.evidence.data),
            needs_verification=form.needs_verification.data,
        )
        if saved:
            flash("Item saved.", "success")
            return redirect(url_for(".version", version_id=version.id, _anchor=f"item-{item.id}"))
    return render_template("checklists/edit_item.html", item=item, version=version, form=form)


@bp.route("/versions/<int:version_id>/publish", methods=["GET", "POST"])
@admin_required
def publish(version_id: int):
    """Ask before publishing (a published version never changes), then publish once confirmed.

    Only the confirmation page's form says "confirm": any other POST is shown that page.
    """
    version = get_or_404(ChecklistVersion, version_id)
    if version.is_published:
        return _back(version_id)
    form = PublishForm()
    confirmed = request.method == "POST" and request.form.get("confirm") == "yes"
    if confirmed and form_accepted(form):
        if run_action(services.publish, version, form.version.data):
            flash(f"Version {version.number} published. Assign it to a cohort below.", "success")
            return redirect(url_for(".template", template_id=version.template_id))
        return _back(version_id)
    form = PublishForm(formdata=None, version=str(version.version), confirm="yes")
    return render_template(
        "checklists/publish.html", version=version, items=version.items, form=form
    )
