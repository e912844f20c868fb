"""`/<slug>/settings/reviews`: the first-response target and the rubric (admins)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from .. import audit
from ..actions import Refused, apply_change, check_version
from ..auth.permissions import admin_required
from ..extensions import db
from ..formcheck import form_accepted
from ..nav import register_home_link
from ..tenancy.models import Role
from . import rubric as rubrics
from .forms import SettingsForm
from .models import ReviewSettings, RubricVersion
from .services import target_days

bp = Blueprint("review_settings", __name__, url_prefix="/settings/reviews")
register_home_link(Role.ADMIN, "review_settings.edit", "Set the review target and rubric", order=60)

STALE = (
    "Someone else saved the review settings after you opened the page, so your changes were "
    "not saved. The page now shows the current settings."
)


def _state() -> tuple[ReviewSettings | None, RubricVersion]:
    settings = db.session.execute(select(ReviewSettings)).scalar_one_or_none()
    return settings, rubrics.ensure_rubric()


def _fingerprint(settings: ReviewSettings | None, rubric: RubricVersion) -> str:
    return f"{settings.version if settings else 0}:{rubric.number}"


def save_settings(target: int, levels: list[str], criteria: list[dict[str, Any]], loaded) -> bool:
    """Save the target and, when they changed, a new rubric version; return whether anything did."""
    settings, rubric = _state()
    check_version(_fingerprint(settings, rubric), loaded, STALE)
    if not criteria:
        raise Refused("Keep at least one rubric criterion.")
    if not 2 <= len(levels) <= 6:
        raise Refused("Give between two and six rubric levels, separated by commas.")
    changed = False
    if settings is None:
        settings = ReviewSettings(target_days=target)
        db.session.add(settings)
        changed = True
    elif settings.target_days != target:
        settings.target_days, changed = target, True
    if changed:
        audit.record("review.settings_changed", None, target_days=target)
    if criteria != rubric.criteria or levels != rubric.levels:
        db.session.add(RubricVersion(number=rubric.number + 1, criteria=criteria, levels=levels))
        audit.record("review.rubric_changed", None, version=rubric.number + 1)
        changed = True
    db.session.flush()
    return changed


@bp.route("", methods=["GET", "POST"])
@admin_required
def edit():
    """Show and save the review target and the rubric."""
    settings, rubric = _state()
    db.session.commit()  # the default rubric, made on first sight, is kept
    form = SettingsForm()
    if not form.is_submitted():
        form.target_days.data = target_days()
        form.levels.data = ", ".join(rubric.levels)
        form.version.data = _fingerprint(settings, rubric)
    elif form_accepted(form, inline=True):
        levels = [level.strip()[:40] for level in (form.levels.data or "").split(",")]
        levels = [level for level in levels if level]
        criteria = rubrics.criteria_from_form(request.form, rubric.criteria)
        target = form.target_days.data or 0
        saved = apply_change(
            lambda: save_settings(target, levels, criteria, form.version.data),
            stale_message=STALE,
        )
        if saved:
            flash("Review settings saved." if saved.value else "Nothing to change.", "success")
            return redirect(url_for("review_settings.edit"))
        settings, rubric = _state()
        form.version.data = _fingerprint(settings, rubric)
    return render_template(
        "reviews/settings.html", form=form, rubric=rubric, blanks=max(1, 3 - len(rubric.criteria))
    )
