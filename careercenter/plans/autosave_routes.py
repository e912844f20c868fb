"""`POST /<slug>/blueprints/<id>/autosave`: the editor's background save, answered in JSON."""

from __future__ import annotations

from dataclasses import asdict

from flask import g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError

from ..actions import apply_change
from ..errors import render_error
from ..formcheck import form_accepted
from . import completeness, permissions, services
from .bp import bp
from .editing import content_from_form, header_from_form
from .forms import EditorForm


def _flat_errors(errors, prefix: str = "") -> list[str]:
    messages = []
    if isinstance(errors, dict):
        for name, value in errors.items():
            messages += _flat_errors(value, f"{prefix}{name}-" if name is not None else prefix)
    elif isinstance(errors, list):
        for index, value in enumerate(errors):
            if isinstance(value, str):
                messages.append(f"{prefix.rstrip('-')}: {value}")
            else:
                messages += _flat_errors(value, f"{prefix}{index}-")
    return messages


SESSION_EXPIRED = "Your session expired — reload the page; your text is kept on this device."


def _session_expired():
    return jsonify(error="csrf", message=SESSION_EXPIRED), 400


@bp.errorhandler(CSRFError)
def csrf_failed(error: CSRFError):
    """Tell the autosave script plainly that the session expired; other pages as usual."""
    if request.endpoint == "plans.autosave":
        return _session_expired()
    return render_error(error)


@bp.post("/<int:plan_id>/autosave")
def autosave(plan_id: int):
    """Save the editor's fields (sent as JSON); 409 with both versions if the tab is stale."""
    plan = permissions.require_owner(plan_id, g.membership)
    form = EditorForm()
    form.set_cohort_choices(services.student_cohorts(plan.owner))
    if not form_accepted(form, announce=False):
        if "csrf_token" in form.errors:
            return _session_expired()
        return jsonify(
            error="invalid", message="Not saved: " + "; ".join(_flat_errors(form.errors))
        ), 422
    version = form.version.data
    expected = int(version) if str(version or "").isdigit() else None
    saved = apply_change(
        lambda: services.save_plan(
            plan, expected, header_from_form(form), content_from_form(form), throttle=True
        ),
        stale_message=services.STALE,
        announce=False,
    )
    if saved.conflict:
        plan = permissions.require_owner(plan_id, g.membership)
        return jsonify(
            error="conflict",
            message=str(saved.refusal),
            server={"version": plan.version, "content": plan.content.to_json()},
            yours={"version": expected, "content": content_from_form(form).to_json()},
        ), 409
    if not saved:
        return jsonify(error="invalid", message=f"Not saved: {saved.refusal}"), 422
    return jsonify(
        version=plan.version,
        saved_at=plan.updated_at.isoformat(),
        page_count=plan.page_count,
        # The count is of older text: the script saves again when a recount is due.
        recount_in=services.recount_due_in(plan) if services.page_count_pending(plan) else None,
        page_count_html=render_template("plans/_page_count.html", plan=plan),
        findings=[asdict(f) for f in completeness.check(plan.content)],
    )
