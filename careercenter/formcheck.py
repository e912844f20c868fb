"""The one form-validation idiom: a POST whose form does not validate says why, never silently."""

from __future__ import annotations

from flask import flash, request
from flask_wtf import FlaskForm

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
