"""`/<slug>/blueprints`: list, start, edit (or read), save, autosave, submit, withdraw."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError

from .. import audit
from ..auth.permissions import roles_required
from ..extensions import db
from ..nav import register_home_link, register_nav
from ..tenancy.models import Role
from . import bullets, completeness, document, permissions, services, states
from .content import PHASE_LABELS, PHASES, ContentError, InsiderRole, apply_list_op, normalize
from .editing import form_data, header_from_form, raw_content_from_form
from .forms import EditorForm, NewPlanForm
from .hook import hook_script
from .models import Plan
from .states import Action

bp = Blueprint("plans", __name__, url_prefix="/blueprints")

register_nav("plans.index", "90-Day Blueprints", list(Role), order=40)
register_home_link(
    Role.STUDENT,
    "plans.index",
    "Write your 90-Day Blueprint",
    "plan your first three months for the job you want, and bring it to the second interview",
    order=20,
)
register_home_link(Role.ADVISOR, "plans.index", "Read submitted 90-Day Blueprints", order=20)


class ActionForm(FlaskForm):
    """A button that changes state: only its CSRF token."""


@bp.app_template_global()
def insider_label(value: str) -> str:
    """Return the label of an insider role value."""
    return InsiderRole(value).label


@bp.app_context_processor
def plan_constants():
    return {"phases": PHASES, "phase_labels": PHASE_LABELS}


@bp.get("")
def index():
    """List the member's own blueprints, or the submitted ones they oversee."""
    stmt = permissions.readable_plans(g.membership).order_by(Plan.updated_at.desc(), Plan.id)
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
    if form.validate_on_submit():
        header = header_from_form(form)
        try:
            plan = services.create_plan(g.membership, header)
        except ContentError as error:
            form.cohort_id.errors.append(str(error))
        else:
            db.session.commit()
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


def _generate_hook(content: dict, header: dict, form: EditorForm) -> None:
    """Draft the hook into an empty script; replace a written one only when asked to."""
    g.plan_anchor = "hook"
    if content["hook"]["script"] and not form.hook_replace.data:
        flash(
            "Your hook was kept as you wrote it. To replace it with a new first draft, tick "
            "“Replace my current hook with the new draft” and press the button again.",
            "warning",
        )
        return
    content["hook"]["script"] = hook_script(header["employer"], content["hook"]["functions"])
    g.plan_anchor = form.hook_script.id


def _apply_op(content: dict, header: dict, form: EditorForm, op: str) -> dict:
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


def _save_posted(plan: Plan, form: EditorForm, count_pages: bool = True):
    """Save the posted editor; return None on success or the response that explains why not."""
    if not form.validate():
        flash("Not saved: please correct the fields marked below.", "error")
        return _editor(plan, form, status=422)
    try:
        op = request.form.get("op", "")
        raw = raw_content_from_form(form, request.form)
        bullet_op = bullets.parse(op)
        if bullet_op and bullet_op.action != "add":
            g.plan_anchor = bullets.apply(raw["goals"], bullet_op)
        header = header_from_form(form)
        content = _apply_op(normalize(raw), header, form, op)
        services.save_plan(plan, _posted_version(form), header, content, count_pages, throttle=True)
        db.session.flush()
    except ContentError as error:
        flash(f"Not saved: {error}", "error")
        return _editor(plan, form, status=422)
    except (services.StaleVersion, StaleDataError):
        return _conflict(plan, form)
    return None


def _conflict(plan: Plan, form: EditorForm):
    """Refuse a stale save: keep the sender's text in the form and show the saved version."""
    db.session.rollback()
    plan = permissions.require_owner(plan.id, g.membership)
    form.version.data = plan.version
    flash(
        "Not saved: this blueprint was changed elsewhere since you opened it. "
        "Compare your text with the saved version below before saving again.",
        "error",
    )
    return _editor(plan, form, conflict=document.from_plan(plan), status=409)


@bp.post("/<int:plan_id>/save")
def save(plan_id: int):
    """Save the editor (and apply a list operation: add, remove, move a goal, entry, obstacle)."""
    plan = permissions.require_owner(plan_id, g.membership)
    form = _posted_form(plan)
    refused = _save_posted(plan, form)
    if refused is not None:
        return refused
    db.session.commit()
    anchor = g.pop("plan_anchor", None)
    if not request.form.get("op"):
        flash("Draft saved.", "success")
    return redirect(url_for("plans.show", plan_id=plan.id, add=g.get("plan_add"), _anchor=anchor))


@bp.post("/<int:plan_id>/submit")
def submit(plan_id: int):
    """Save the editor, then freeze it as a new revision and send it for review."""
    plan = permissions.require_owner(plan_id, g.membership)
    form = _posted_form(plan)
    if request.form.get("version") is not None:
        refused = _save_posted(plan, form, count_pages=False)  # submission counts afresh
        if refused is not None:
            return refused
    try:
        revision = services.submit_plan(plan)
    except (services.SubmissionRefused, states.TransitionRefused) as error:
        db.session.commit()  # keep the text that was just saved
        flash(f"Saved, but not submitted: {error}", "error")
        return redirect(url_for("plans.show", plan_id=plan.id))
    db.session.commit()
    flash(f"Submitted as revision {revision.number}. Your advisor can now read it.", "success")
    return redirect(url_for("plans.show", plan_id=plan.id))


@bp.post("/<int:plan_id>/withdraw")
def withdraw(plan_id: int):
    """Withdraw the latest submission before anyone starts reviewing it."""
    plan = permissions.require_owner(plan_id, g.membership)
    if not ActionForm().validate_on_submit():
        flash("The form had expired. Please try again.", "error")
        return redirect(url_for("plans.show", plan_id=plan.id))
    try:
        revision = services.withdraw_plan(plan)
    except states.TransitionRefused as error:
        flash(str(error), "error")
        return redirect(url_for("plans.show", plan_id=plan.id))
    db.session.commit()
    flash(f"Revision {revision.number} withdrawn. The blueprint is a draft again.", "success")
    return redirect(url_for("plans.show", plan_id=plan.id))


from . import autosave_routes, document_routes  # noqa: E402, F401  (attach their views to bp)
