"""The one form-validation idiom: a POST whose form does not validate says why, never silently.

`WebForm` is the base of every form: Flask-WTF's, with hidden inputs rendered without an id, since a
page holds several forms (the header's sign-out is one) and their `csrf_token` and `version`
inputs would otherwise repeat the same id, and with the page's kept CSRF token (`csrf_tokens`).
"""

from __future__ import annotations

from typing import Any

from flask import flash, request
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms.widgets import HiddenInput

from .csrf_tokens import KeptCSRF


class WebForm(FlaskForm):
    """A Flask-WTF form whose hidden inputs carry no id (nothing labels them)."""

    class Meta:
        csrf_class = KeptCSRF  # the page's token, signed at most once a minute

        def render_field(self, field: Any, render_kw: dict[str, Any]) -> Any:
            if isinstance(field.widget, HiddenInput):
                render_kw = {"id": False, **render_kw}
            return super().render_field(field, render_kw)  # type: ignore[misc]

    def hidden_tag(self, *fields: Any) -> Markup:
        """Render the hidden fields (all, or those of `fields`, objects or names), as
        Flask-WTF does, a plain hidden input written directly.

        A list page renders a small form per row (each checklist item's "Mark done"), and
        WTForms' widget machinery (field rendering, flags, attribute sorting and escaping)
        was a sixth of such a page. The markup is the same; a field with attributes of its
        own goes through WTForms as before.
        """
        chosen = (getattr(self, f, None) if isinstance(f, str) else f for f in fields or self)
        inputs = [
            _hidden_input(f) for f in chosen if f is not None and isinstance(f.widget, HiddenInput)
        ]
        return Markup("\n".join(inputs))  # noqa: S704 - every name and value escaped


def _hidden_input(field: Any) -> str:
    """Return a hidden field's `<input>`, as WTForms renders it for `WebForm` (no id)."""
    plain = (
        type(field.widget) is HiddenInput
        and not field.render_kw
        and not getattr(field.flags, "disabled", False)
        and getattr(field, "_datalist", None) is None
    )
    if not plain:
        return str(field)
    return f'<input name="{escape(field.name)}" type="hidden" value="{escape(field._value())}">'


EXPIRED = (
    "Nothing was changed: the page had expired or did not come from this site. "
    "Reload the page and try again."
)


def switched_on(on: str, off: str, now: bool) -> bool:
    """Return the state an on/off button asks for.

    The button posts `to` = `on` or `off` as the page showed it, so a second click (or two
    admins at once) repeats the same request instead of undoing the first; without it (an old
    page) the button flips the state `now`.
    """
    wanted = request.form.get("to")
    return wanted == on if wanted in (on, off) else not now


def form_accepted(
    form: FlaskForm, problem: str | None = None, *, inline: bool = False, announce: bool = True
) -> bool:
    """Validate a submitted form; on failure flash why (expired page, or the fields' errors).

    A request that submitted nothing (a GET showing the form) is simply not accepted.
    `problem` replaces the list of the fields' errors; with `inline` the page shows the form
    again with each error beside its field, so only an expired page is flashed; with
    `announce=False` nothing is flashed (a JSON answer reads `form.errors`).
    """
    if form.validate_on_submit():
        return True
    if not form.is_submitted() or not announce:
        return False
    if "csrf_token" in form.errors:
        flash(EXPIRED, "error")
    elif not inline:
        details = "; ".join(
            f"{form[name].label.text}: {' '.join(errors)}"
            for name, errors in form.errors.items()
            if name in form
        )
        flash(problem or f"Nothing was changed. Check {details or 'the form'}.", "error")
    return False
