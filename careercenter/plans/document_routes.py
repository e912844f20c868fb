"""The blueprint as a document: leave-behind PDF, printable page, and frozen revisions."""

from __future__ import annotations

from flask import current_app, g, make_response, render_template, url_for
from werkzeug.exceptions import TooManyRequests

from .. import audit
from ..extensions import db, limiter
from . import document, pdfs, permissions
from .bp import bp
from .models import Plan


def _document_for(plan: Plan):
    """Return the owner's current draft, or for staff the latest submitted revision (audited)."""
    if permissions.can_edit(plan, g.membership):
        return document.from_plan(plan), None
    revision = permissions.latest_visible_revision(plan)
    return document.from_revision(revision), revision


@bp.get("/<int:plan_id>.pdf")
@limiter.limit(
    lambda: current_app.config["PDF_DOWNLOAD_RATE_LIMIT"],
    key_func=lambda: f"pdf-download:{g.membership.user_id}",
)
def pdf(plan_id: int):
    """Download the one-page leave-behind as a PDF (rendered only when its text changed)."""
    plan = permissions.require_readable(plan_id, g.membership)
    doc, revision = _document_for(plan)
    try:
        data = pdfs.leave_behind_pdf(plan, revision, doc, g.institution, g.membership.user_id)
    except pdfs.RenderRefused as refused:
        raise TooManyRequests(retry_after=refused.retry_after) from None
    try:
        db.session.commit()
    except pdfs.KEEP_RACES:
        db.session.rollback()  # a parallel download kept its render first: serve this one
    if revision is not None:  # viewed once the PDF is there to send (not when refused)
        audit.record("plan.viewed", plan, revision=revision.number, format="pdf")
        db.session.commit()
    response = make_response(data)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{document.download_name(doc)}"'
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/<int:plan_id>/print")
def print_view(plan_id: int):
    """Show the leave-behind for the browser's Print command: the very HTML the PDF renders."""
    plan = permissions.require_readable(plan_id, g.membership)
    doc, revision = _document_for(plan)
    if revision is not None:
        audit.record("plan.viewed", plan, revision=revision.number, format="print")
        db.session.commit()
    back = url_for("plans.show", plan_id=plan.id)
    return document.render_html(doc, g.institution, back_url=back)


@bp.get("/<int:plan_id>/revisions/<int:number>")
def revision(plan_id: int, number: int):
    """Show one submitted revision as it was frozen."""
    plan = permissions.require_readable(plan_id, g.membership)
    frozen = permissions.require_revision(plan, number, g.membership)
    is_owner = permissions.can_edit(plan, g.membership)
    if not is_owner:
        audit.record("plan.viewed", plan, revision=frozen.number)
        db.session.commit()
    revisions = [r for r in plan.revisions if is_owner or r.visible_to_staff]
    return render_template(
        "plans/revision.html",
        plan=plan,
        revision=frozen,
        doc=document.from_revision(frozen),
        revisions=revisions,
        is_owner=is_owner,
    )
