"""`/<slug>/blueprints`: list, start, edit (or read), save, autosave, submit, withdraw."""

from __future__ import annotations

from typing import Any

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy.orm import defer

from .. import audit
from ..actions import Conflict, Refused, apply_change
from ..auth.permissions import roles_required
from ..extensions import db
from ..formcheck import WebForm, form_accepted
from ..tenancy.models import Role
from . import (  # noqa: F401 - the *_routes modules add their views to bp
    autosave_routes,
    bullets,
    completeness,
    document,
    document_routes,
    permissions,
    services,
    states,
)
from .bp import bp
from .content import PHASES, PlanDocument
from .editing import (
    apply_list_op,
    content_from_form,
    form_data,
    header_from_form,
    raw_content_from_form,
)
from .forms import EditorForm, NewPlanForm
from .hook import hook_script
from .models import Plan, PlanRevision
from .states import Action


class ActionForm(WebForm):
    """A button that changes state: only its CSRF token."""


@bp.get("")
def index():
    """List the member's own blueprints, or the submitted ones they oversee."""
    stmt = (
        permissions.readable_plans(g.membership)
        .options(defer(Plan.content))  # the list shows header columns only: no document parse
        .order_by(Plan.updated_at.desc(), Plan.id)
    )
    plans = db.session.execute(stmt).scalars().all()
    return render_template("plans/index.html", plans=plans)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.STUDENT)
def new():
    """Start a blueprint for one target opportunity."""
    try:
        services.check_plan_limit(g.membership)
    except services.PlanLimitReached as full:
        status = 422 if request.method == "POST" else 200
        return render_template("plans/new.html", form=None, limit_reached=str(full)), status
    form = NewPlanForm()
    form.set_cohort_choices(services.student_cohorts(g.membership))
    if request.method == "GET":  # linked to the student's cohort unless they say otherwise
        form.cohort_id.data = services.latest_cohort_id(g.membership) or 0
    if form_accepted(form, inline=True):
        header = header_from_form(form)
        created = apply_change(lambda: services.create_plan(g.membership, header), announce=False)
        if created.value is None:
            form.cohort_id.errors.append(str(created.refusal))
        else:
            plan = created.value
            flash("Blueprint started. Work through the sections in order.", "success")
            return redirect(url_for("plans.show", plan_id=plan.id))
    return render_template("plans/new.html", form=form)


@bp.get("/<int:plan_id>")
def show(plan_id: int):
    """Show the editor to the owner, and the latest submitted revision to staff."""
    plan = permissions.require_readable(plan_id, g.membership)
    if permissions.can_edit(plan, g.membership):
        form = EditorForm(data=form_data(plan, _blank_action()))
        return _editor(plan, form)
    revision = permissions.latest_visible_revision(plan)
    audit.record("plan.viewed", plan, revision=revision.number)
    db.session.commit()
    return render_template(
        "plans/read.html",
        plan=plan,
        revision=revision,
        doc=document.from_revision(revision),
        revisions=[r for r in plan.revisions if r.visible_to_staff],
    )


def _blank_action() -> tuple[int, str] | None:
    """Return the (goal, phase) that "Add an action" asked for, from `?add=0:days_30`."""
    goal, _, phase = request.args.get("add", "").partition(":")
    return (int(goal), phase) if goal.isdigit() and phase in PHASES else None


def _editor(plan: Plan, form: EditorForm, conflict=None, status: int = 200):
    cohorts = services.student_cohorts(plan.owner)
    form.set_cohort_choices(cohorts)
    page = render_template(
        "plans/editor.html",
        plan=plan,
        form=form,
        # A save postponed the count: the editor's script saves again once it is due.
        recount_in=services.recount_due_in(plan) if services.page_count_pending(plan) else None,
        findings=completeness.check(plan.content),
        revisions=plan.revisions,
        conflict=conflict,
        cohort_name=next((c.name for c in cohorts if c.id == plan.cohort_id), ""),
        can_submit=states.can(plan.state, Action.SUBMIT),
        can_withdraw=states.can(plan.state, Action.WITHDRAW),
        action_form=ActionForm(),
    )
    return page, status


def _posted_form(plan: Plan) -> EditorForm:
    form = EditorForm()
    form.set_cohort_choices(services.student_cohorts(plan.owner))
    return form


def _posted_version(form: EditorForm) -> int | None:
    value = (form.version.data or "").strip()
    return int(value) if value.isdigit() else None


def _generate_hook(content: PlanDocument, header: dict[str, Any], form: EditorForm) -> None:
    """Draft the hook into an empty script; replace a written one only when asked to."""
    g.plan_anchor = "hook"
    if content.hook.script and not form.hook_replace.data:
        flash(
            "Your hook was kept as you wrote it. To replace it with a new first draft, tick "
            "“Replace my current hook with the new draft” and press the button again.",
            "warning",
        )
        return
    content.hook.script = hook_script(header["employer"], content.hook.functions)
    g.plan_anchor = form.hook_script.id


def _apply_op(
    content: PlanDocument, header: dict[str, Any], form: EditorForm, op: str
) -> PlanDocument:
    bullet_op = bullets.parse(op)
    if op == "hook:generate":
        _generate_hook(content, header, form)
    elif bullet_op:  # removals and moves already ran on the posted lists
        if bullet_op.action == "add":
            g.plan_anchor = bullets.check_add(content, bullet_op)
            g.plan_add = f"{bullet_op.goal}:{bullet_op.phase}"
    elif op:
        content, g.plan_anchor = apply_list_op(content, op)
    return content


def _save(plan: Plan, form: EditorForm, count_pages: bool = True) -> None:
    """Save the posted editor and apply its list operation; raise Refused or Conflict."""
    op = request.form.get("op", "")
    raw = raw_content_from_form(form)
    bullet_op = bullets.parse(op)
    if bullet_op and bullet_op.action != "add":
        g.plan_anchor = bullets.apply(raw["goals"], bullet_op)
    header = header_from_form(form)
    content = _apply_op(PlanDocument.from_json(raw), header, form, op)
    services.save_plan(plan, _posted_version(form), header, content, count_pages, throttle=True)


def _not_saved(plan: Plan, form: EditorForm, refusal: Refused):
    """Answer a save that did not happen: both versions on a conflict, else the reason."""
    if isinstance(refusal, Conflict):
        return _conflict(plan, form)
    flash(f"Not saved: {refusal}", "error")
    return _editor(plan, form, status=422)


def _conflict(plan: Plan, form: EditorForm):
    """Refuse a stale save: keep the sender's text in the form and show the saved version."""
    plan = permissions.require_owner(plan.id, g.membership)
    form.version.data = plan.version
    flash(
        "Not saved: this blueprint was changed elsewhere since you opened it. "
        "Compare your text with the saved version below before saving again.",
        "error",
    )
    return _editor(plan, form, conflict=document.from_plan(plan), status=409)


INVALID = "Not saved: please correct the fields marked below."


@bp.post("/<int:plan_id>/save")
def save(plan_id: int):
    """Save the editor (and apply a list operation: add, remove, move a goal, entry, obstacle)."""
    plan = permissions.require_owner(plan_id, g.membership)
    form = _posted_form(plan)
    if not form_accepted(form, INVALID):
        return _editor(plan, form, status=422)
    saved = apply_change(lambda: _save(plan, form), announce=False)
    if saved.refusal is not None:
        return _not_saved(plan, form, saved.refusal)
    anchor = g.pop("plan_anchor", None)
    if not request.form.get("op"):
        flash("Draft saved.", "success")
    return redirect(url_for("plans.show", plan_id=plan.id, add=g.get("plan_add"), _anchor=anchor))


def _save_and_submit(plan: Plan, form: EditorForm | None) -> PlanRevision | Refused:
    """Save the posted editor (if any), then submit; a refused submission keeps the save."""
    if form is not None:
        _save(plan, form, count_pages=False)  # submission counts afresh
    try:
        return services.submit_plan(plan, confirm_gaps=bool(request.form.get("confirm_gaps")))
    except (services.SubmissionRefused, states.TransitionRefused) as error:
        return error  # the text (and its fresh page count) is saved; the view says why not


def _already_submitted(plan: Plan, form: EditorForm | None) -> bool:
    """Whether a request at the same moment (a double click) just submitted this very text."""
    plan = permissions.require_owner(plan.id, g.membership)
    revision = services.latest_revision(plan)
    if states.can(plan.state, Action.SUBMIT) or revision is None:
        return False
    return form is None or revision.content == content_from_form(form)


@bp.post("/<int:plan_id>/submit")
def submit(plan_id: int):
    """Save the editor, then freeze it as a new revision and send it for review."""
    plan = permissions.require_owner(plan_id, g.membership)
    form = _posted_form(plan) if request.form.get("version") is not None else None
    if form is not None and not form_accepted(form, INVALID):
        return _editor(plan, form, status=422)
    done = apply_change(lambda: _save_and_submit(plan, form), announce=False)
    back = redirect(url_for("plans.show", plan_id=plan.id))
    if done.conflict and _already_submitted(plan, form):
        flash(f"Already submitted as revision {plan.revision_count}.", "success")
    elif done.refusal is not None:
        if form is not None:
            return _not_saved(plan, form, done.refusal)
        flash(str(done.refusal), "error")
    elif isinstance(done.value, PlanRevision):
        flash(
            f"Submitted as revision {done.value.number}. Your advisor can now read it.", "success"
        )
    else:  # the submission was refused; the text is saved
        flash(f"Saved, but not submitted: {done.value}" if form else str(done.value), "error")
    return back


@bp.post("/<int:plan_id>/withdraw")
def withdraw(plan_id: int):
    """Withdraw the latest submission before anyone starts reviewing it."""
    plan = permissions.require_owner(plan_id, g.membership)
    if form_accepted(ActionForm()):
        withdrawn = apply_change(
            lambda: services.withdraw_plan(plan), stale_message=services.WITHDRAWN_MEANWHILE
        )
        if withdrawn.value is not None:
            number = withdrawn.value.number
            flash(f"Revision {number} withdrawn. The blueprint is a draft again.", "success")
    return redirect(url_for("plans.show", plan_id=plan.id))
