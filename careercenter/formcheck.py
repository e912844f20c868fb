"""One answer for every POST whose form does not validate: say why, never fail silently."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm

EXPIRED = (
    "Nothing was changed: the page had expired or did not come from this site. "
    "Reload the page and try again."
)


def form_accepted(form: FlaskForm, problem: str | None = None) -> bool:
    """Validate a submitted form; on failure flash why (expired page, or the fields' errors)."""
    if form.validate_on_submit():
        return True
    if "csrf_token" in form.errors or not form.is_submitted():
        flash(EXPIRED, "error")
    else:
        details = "; ".join(
            f"{form[name].label.text}: {' '.join(errors)}"
            for name, errors in form.errors.items()
            if name in form
        )
        flash(problem or f"Nothing was changed. Check {details or 'the form'}.", "error")
    return False
