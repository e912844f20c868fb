"""`/<slug>/audit`: who did what, to whom, when and from where (admins)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from ..audit.labels import action_label
from ..auth.permissions import admin_required
from ..nav import register_nav
from ..tenancy import Role
from .audit_log import AuditFilters, describe, known_actions, list_events
from .forms import AuditFilterForm, choice

bp = Blueprint("audit_log", __name__, url_prefix="/audit")

register_nav("audit_log.index", "Audit log", [Role.ADMIN], order=95)


@bp.get("")
@admin_required
def index():
    """List audit events, newest first, filtered by action and person."""
    actions = known_actions()
    action = request.args.get("action", "")
    filters = AuditFilters(
        action=action if action in actions else "",
        person=request.args.get("person", "").strip()[:100],
    )
    per_page = current_app.config.get("AUDIT_EVENTS_PER_PAGE", 50)
    page = list_events(filters, request.args.get("page", 1, type=int), per_page)
    form = AuditFilterForm(request.args)
    labelled = sorted((action_label(a), a) for a in actions)
    form.action.choices = [choice("", "Any action"), *(choice(a, label) for label, a in labelled)]
    return render_template(
        "members/audit.html", page=page, rows=describe(page.items), filters=filters, form=form
    )
