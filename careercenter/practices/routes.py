"""`/<slug>/practices`: browse the library; admins add their own and hide global ones."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from ..actions import apply_change
from ..auth.permissions import admin_required
from ..formcheck import form_accepted, switched_on
from ..nav import register_home_link, register_nav
from ..tenancy.models import Role
from . import services
from .forms import PracticeActionForm, PracticeFilterForm, PracticeForm
from .models import CATEGORIES, hidden_practice_ids

bp = Blueprint("practices", __name__, url_prefix="/practices")
register_nav("practices.index", "Practices", list(Role), order=30)
register_home_link(
    Role.ADMIN, "practices.index", "Curate the practice library", "add your own, hide others", 40
)

FIELDS = ("title", "guidance", "category", "competency", "source")


@bp.get("")
def index():
    """List the practices, filtered by category, competency and words."""
    form = PracticeFilterForm(request.args)
    manage = g.membership.is_admin
    practices = services.search_practices(
        q=form.q.data or "",
        category=form.category.data or "",
        competency=form.competency.data or "",
        manage=manage,
    )
    hidden = hidden_practice_ids() if manage else set()
    return render_template(
        "practices/index.html",
        form=form,
        practices=practices,
        hidden=hidden,
        categories=CATEGORIES,
        action_form=PracticeActionForm(),
    )


@bp.get("/<int:practice_id>")
def show(practice_id: int):
    """Read one practice."""
    practice = services.get_visible_or_404(practice_id, include_hidden=g.membership.is_admin)
    hidden = practice.id in hidden_practice_ids() if g.membership.is_admin else False
    return render_template(
        "practices/show.html", practice=practice, hidden=hidden, action_form=PracticeActionForm()
    )


@bp.route("/new", methods=["GET", "POST"])
@admin_required
def new():
    """Add a practice of this institution."""
    form = PracticeForm()
    if form_accepted(form, inline=True) and (
        created := apply_change(
            lambda: services.create_practice(**{f: getattr(form, f).data for f in FIELDS})
        )
    ):
        practice = created.value
        flash(f"“{practice.title}” is in your library.", "success")
        return redirect(url_for(".show", practice_id=practice.id))
    return render_template("practices/form.html", form=form, practice=None)


@bp.route("/<int:practice_id>/edit", methods=["GET", "POST"])
@admin_required
def edit(practice_id: int):
    """Change one of this institution's practices (global ones are read-only)."""
    practice = services.get_own_or_abort(practice_id)
    form = PracticeForm(obj=practice)
    if request.method == "GET":
        form.version.data = str(practice.version)
    if form_accepted(form, inline=True):
        fields = {f: getattr(form, f).data for f in FIELDS}
        if not apply_change(
            lambda: services.update_practice(practice, form.version.data, **fields)
        ):
            form.version.data = str(practice.version)  # keep their text to compare and resave
            return render_template("practices/form.html", form=form, practice=practice), 409
        flash("Practice saved.", "success")
        return redirect(url_for(".show", practice_id=practice.id))
    return render_template("practices/form.html", form=form, practice=practice)


@bp.post("/<int:practice_id>/retire")
@admin_required
def retire(practice_id: int):
    """Retire one of this institution's practices, or restore it."""
    practice = services.get_own_or_abort(practice_id)
    retire_it = switched_on("retire", "restore", practice.retired)
    if form_accepted(PracticeActionForm()) and apply_change(
        lambda: services.set_retired(practice, retire_it), stale_message=services.STALE
    ):
        flash("Practice retired." if practice.retired else "Practice restored.", "success")
    return redirect(url_for(".show", practice_id=practice_id))


@bp.post("/<int:practice_id>/hide")
@admin_required
def hide(practice_id: int):
    """Hide a global practice from this institution's library, or show it again."""
    practice = services.get_visible_or_404(practice_id, include_hidden=True)
    if not practice.is_global:
        flash("Only global practices can be hidden; retire your own instead.", "error")
        return redirect(url_for(".show", practice_id=practice_id))
    hide_it = switched_on("hide", "show", practice.id in hidden_practice_ids())
    if form_accepted(PracticeActionForm()) and apply_change(
        lambda: services.set_hidden(practice, hide_it)
    ):
        flash("Hidden from your library." if hide_it else "Shown in your library again.", "success")
    return redirect(url_for(".show", practice_id=practice_id))


@bp.app_template_filter("guidance")
def guidance_filter(text: str):
    """Render practice guidance safely."""
    from .text import guidance_html

    return guidance_html(text)
