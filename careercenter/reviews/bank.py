"""The comment bank: an advisor's saved comments, and the institution's, curated by admins."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from sqlalchemy import or_, select

from .. import audit
from ..actions import Refused, apply_change
from ..auth.permissions import staff_required
from ..extensions import db
from ..formcheck import form_accepted
from ..plans.forms import choice
from ..tenancy import get_or_404
from ..tenancy.models import Membership, Role
from . import rubric as rubrics
from .bp import bp
from .comments import MAX_COMMENT
from .forms import ActionForm, BankForm
from .models import BankComment

MAX_ENTRIES = 200  # per advisor, and for the institution


def visible_entries(member: Membership) -> list[BankComment]:
    """Return the member's own saved comments and the institution's."""
    return list(
        db.session.execute(
            select(BankComment)
            .where(or_(BankComment.owner_id == member.id, BankComment.owner_id.is_(None)))
            .order_by(BankComment.owner_id.is_(None), BankComment.criterion_key, BankComment.id)
        ).scalars()
    )


def save_entry(member: Membership, body: str, criterion_key: str, shared: bool) -> BankComment:
    """Save a comment to the member's bank, or (an admin's choice) the institution's."""
    if shared and member.role is not Role.ADMIN:
        raise Refused("Only an admin can add to the institution's comment bank.")
    body = (body or "").replace("\r\n", "\n").strip()
    if not body or len(body) > MAX_COMMENT:
        raise Refused(f"Write a comment of at most {MAX_COMMENT} characters.")
    owner = None if shared else member.id
    count = len([e for e in visible_entries(member) if e.owner_id == owner])
    if count >= MAX_ENTRIES:
        raise Refused(f"A comment bank holds at most {MAX_ENTRIES} comments; remove one first.")
    entry = BankComment(owner_id=owner, criterion_key=criterion_key, body=body)
    db.session.add(entry)
    db.session.flush()
    audit.record("review.bank_changed", None, added=entry.id, shared=shared)
    return entry


def remove_entry(entry: BankComment, member: Membership) -> None:
    """Remove a saved comment: one's own, or (admins) the institution's."""
    if entry.owner_id is None and member.role is not Role.ADMIN:
        raise Refused("Only an admin can change the institution's comment bank.")
    db.session.delete(entry)
    db.session.flush()
    audit.record("review.bank_changed", None, removed=entry.id)


def _form() -> BankForm:
    form = BankForm()
    rubric = rubrics.current_rubric()
    criteria = rubric.criteria if rubric else rubrics.DEFAULT_CRITERIA
    form.criterion_key.choices = [choice("", "None")] + [
        choice(c["key"], c["title"]) for c in criteria
    ]
    return form


@bp.route("/bank", methods=["GET", "POST"])
@staff_required
def bank():
    """Show the comment bank and save a comment to it."""
    form = _form()
    if form_accepted(form, inline=True):
        saved = apply_change(
            lambda: save_entry(
                g.membership, form.body.data, form.criterion_key.data or "", form.shared.data
            )
        )
        if saved:
            flash("Saved to the comment bank.", "success")
            return redirect(url_for("reviews.bank"))
    entries = visible_entries(g.membership)
    titles = {c["key"]: c["title"] for c in rubrics.DEFAULT_CRITERIA}
    rubric = rubrics.current_rubric()
    titles.update({c["key"]: c["title"] for c in (rubric.criteria if rubric else [])})
    return render_template(
        "reviews/bank.html", form=form, entries=entries, titles=titles, action_form=ActionForm()
    )


@bp.post("/bank/<int:entry_id>/delete")
@staff_required
def delete_bank_entry(entry_id: int):
    """Remove a comment from the bank."""
    entry = get_or_404(BankComment, entry_id)
    if entry.owner_id not in (None, g.membership.id):
        abort(404)  # another advisor's own bank
    if form_accepted(ActionForm()) and apply_change(lambda: remove_entry(entry, g.membership)):
        flash("Removed from the comment bank.", "success")
    return redirect(url_for("reviews.bank"))
