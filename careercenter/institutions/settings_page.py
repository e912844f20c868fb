"""One settings page of the institution: show its form, save it, refuse an outdated save."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request
from flask.typing import ResponseReturnValue

from ..actions import apply_change
from ..formcheck import form_accepted
from .settings import settings_fingerprint, update_settings

UNCHANGED = "Nothing to change."


def settings_page(form_class, template: str, action: str, saved: str) -> ResponseReturnValue:
    """Answer GET and POST of a page whose form edits the institution's `institution_fields`.

    A save is audited as `action` and flashes `saved` ("Nothing to change." when it changed
    nothing, as every settings page says); bad input answers 400 and a save from an outdated
    page 409, each with the form shown again.
    """
    institution = g.institution

    def fresh():
        form = form_class(obj=institution, formdata=None)
        form.loaded.data = settings_fingerprint(institution, form.institution_fields)
        return form

    form = form_class(obj=institution)
    if not form.is_submitted():
        return render_template(template, form=fresh())
    if form_accepted(form, inline=True):
        values, loaded = form.values(), form.loaded.data
        result = apply_change(lambda: update_settings(institution, values, loaded, action))
        if result:
            flash(saved if result.value else UNCHANGED, "success")
            return redirect(request.path)
        return render_template(template, form=fresh()), 409
    return render_template(template, form=form), 400 if form.errors else 200
