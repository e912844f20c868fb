"""`/<slug>/checklists`: admins build and assign; students work through theirs."""

from __future__ import annotations

from datetime import date

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from ..actions import apply_change
from ..auth.permissions import admin_required
from ..choices import as_choices
from ..cohorts.models import Cohort, CohortStatus
from ..extensions import db
from ..formcheck import form_accepted
from ..practices.models import Practice, visible_practices
from ..practices.services import get_visible_or_404
from ..tenancy import get_or_404
from ..tenancy.clock import local_today
from . import (  # noqa: F401 - the *_routes modules register their views on bp
    assignment_routes,
    draft_routes,
    services,
    work_routes,
)
from .bp import bp, run_action
from .forms import (
    AssignForm,
    DetailsForm,
    DueForm,
    ItemForm,
    ReplaceForm,
    TemplateForm,
    VersionForm,
)
from .guidance import guidance_for
from .models import (
    Assignment,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistVersion,
    Evidence,
)
from .pages import advisor_queue, record_queue_view, student_checklists, work_forms


@bp.get("")
def index():
    """Show templates (admins), the verification queue (advisors) or my checklists (students)."""
    if g.membership.is_student:
        groups = student_checklists(g.membership)
        return render_template(
            "checklists/mine.html", groups=groups, guidance=guidance_for(groups), **work_forms()
        )
    if g.membership.is_advisor:
        rows = advisor_queue(g.membership)
        page = render_template("checklists/queue.html", rows=rows, **work_forms())
        # Audited after rendering: a commit would expire the rows the page still reads.
        if record_queue_view(rows):
            db.session.commit()
        return page
    templates = db.session.execute(
        select(ChecklistTemplate).order_by(ChecklistTemplate.title)
    ).scalars()
    return render_template("checklists/index.html", templates=list(templates), form=TemplateForm())


@bp.post("")
@admin_required
def create():
    """Create a checklist template and open its first draft."""
    form = TemplateForm()
    if not form_accepted(form, "Give the checklist a title."):
        return redirect(url_for(".index"))
    created = apply_change(lambda: services.create_template(form.title.data))
    if not created:
        return redirect(url_for(".index"))
    flash("Checklist created. Add its items, then publish it.", "success")
    return redirect(url_for(".version", version_id=created.value.versions[0].id))


@bp.get("/<int:template_id>")
@admin_required
def template(template_id: int):
    """Show a template's versions and assignments, and assign its latest published version."""
    template = get_or_404(ChecklistTemplate, template_id)
    versions = services.versions_of(template)
    published = next((v for v in versions if v.is_published), None)
    assign_form = AssignForm()
    cohorts = db.session.execute(
        select(Cohort).where(Cohort.status == CohortStatus.ACTIVE).order_by(Cohort.name)
    ).scalars()
    assign_form.cohort_id.choices = as_choices([(c.id, c.name) for c in cohorts])
    draft_form = VersionForm(version=str(template.version))
    return render_template(
        "checklists/template.html",
        template=template,
        versions=versions,
        published=published,
        assign_form=assign_form,
        draft_form=draft_form,
        assignments=services.template_assignments(template),
        due_form_for=lambda a: DueForm(version=str(a.version), due_on=a.due_on, prefix=f"a{a.id}"),
        replace_form_for=lambda a: ReplaceForm(
            version=str(a.version),
            to_version=str(published.id) if published else "",
            prefix=f"r{a.id}",
        ),
    )


@bp.post("/<int:template_id>/draft")
@admin_required
def start_draft(template_id: int):
    """Start editing: copy the latest published version into a new draft."""
    template = get_or_404(ChecklistTemplate, template_id)
    form = VersionForm()
    if not form_accepted(form):
        return redirect(url_for(".template", template_id=template_id))
    draft = run_action(services.start_draft, template, form.version.data)
    if not draft:
        return redirect(url_for(".template", template_id=template_id))
    return redirect(url_for(".version", version_id=draft.value.id))


@bp.get("/versions/<int:version_id>")
@admin_required
def version(version_id: int):
    """Show one version; a draft can be edited, reordered and published here."""
    version = get_or_404(ChecklistVersion, version_id)
    stamp = str(version.version)
    item_form = ItemForm(version=stamp)
    practices = db.session.execute(
        visible_practices().order_by(Practice.category, Practice.title)
    ).scalars()
    item_form.practice_id.choices = as_choices(
        [(0, "None: a custom item")] + [(p.id, f"{p.category_label}: {p.title}") for p in practices]
    )
    return render_template(
        "checklists/version.html",
        version=version,
        items=version.items,
        stamp=stamp,
        details_form=DetailsForm(obj=version, version=stamp),
        item_form=item_form,
        action_form=VersionForm(version=stamp),
    )


def _back(version_id: int):
    return redirect(url_for(".version", version_id=version_id))


@bp.post("/versions/<int:version_id>/details")
@admin_required
def details(version_id: int):
    """Rename a draft and change its description."""
    version = get_or_404(ChecklistVersion, version_id)
    form = DetailsForm()
    if form_accepted(form, "Give the checklist a title (120 characters at most)."):
        data = (form.version.data, form.title.data, form.description.data)
        if run_action(services.update_details, version, *data):
            flash("Draft saved.", "success")
    return _back(version_id)


@bp.post("/versions/<int:version_id>/items")
@admin_required
def add_item(version_id: int):
    """Append an item to a draft."""
    version = get_or_404(ChecklistVersion, version_id)
    form = ItemForm()
    form.practice_id.choices = as_choices([(_posted_id("practice_id"), "")])
    if not form_accepted(form):
        return _back(version_id)
    practice = get_visible_or_404(form.practice_id.data) if form.practice_id.data else None
    ok = run_action(
        services.add_item,
        version,
        form.version.data,
        practice=practice,
        title=form.title.data or "",
        details=form.details.data or "",
        competency=form.competency.data or None,
        required=form.required.data,
        evidence=Evidence(form.evidence.data),
        needs_verification=form.needs_verification.data,
    )
    if ok:
        flash("Item added.", "success")
    return _back(version_id)


@bp.post("/items/<int:item_id>/move")
@admin_required
def move_item(item_id: int):
    """Move an item one place up or down (works without JavaScript)."""
    item = get_or_404(ChecklistItem, item_id)
    form = VersionForm()
    direction = request.form.get("direction")
    if form_accepted(form) and direction in ("up", "down"):
        run_action(services.move_item, item, form.version.data, direction)
    return _back(item.version_id)


@bp.post("/items/<int:item_id>/remove")
@admin_required
def remove_item(item_id: int):
    """Remove an item from a draft."""
    item = get_or_404(ChecklistItem, item_id)
    version_id = item.version_id
    form = VersionForm()
    if form_accepted(form) and run_action(services.remove_item, item, form.version.data):
        flash("Item removed.", "success")
    return _back(version_id)


@bp.post("/versions/<int:version_id>/assign")
@admin_required
def assign(version_id: int):
    """Assign a published version to a cohort with a due date."""
    version = get_or_404(ChecklistVersion, version_id)
    form = AssignForm()
    form.cohort_id.choices = as_choices([(_posted_id("cohort_id"), "")])
    if form_accepted(form, "Choose a cohort and a due date."):
        cohort = get_or_404(Cohort, form.cohort_id.data)
        if run_action(
            services.assign,
            version,
            cohort,
            form.due_on.data,
            _not_before(form),
            what="the cohort's checklists",
        ):
            flash(f"Assigned to {cohort.name}, due {form.due_on.data:%d %B %Y}.", "success")
    return redirect(url_for(".template", template_id=version.template_id))


@bp.post("/assignments/<int:assignment_id>/due")
@admin_required
def change_due(assignment_id: int):
    """Change an assignment's due date."""
    assignment = get_or_404(Assignment, assignment_id)
    form = DueForm(prefix=f"a{assignment.id}")
    if form_accepted(form, "Give a valid due date.") and run_action(
        services.change_due,
        assignment,
        form.version.data,
        form.due_on.data,
        _not_before(form),
        what="this assignment",
    ):
        flash("Due date changed.", "success")
    return redirect(url_for(".template", template_id=assignment.checklist_version.template_id))


def _not_before(form: AssignForm | DueForm) -> date | None:
    """Return the earliest due date accepted: today on campus, unless a past one is allowed."""
    return None if form.past_ok.data else local_today(g.institution)


def _posted_id(name: str) -> int:
    """Return the posted id field as an int, or 0 (which then fails validation) when malformed."""
    value = (request.form.get(name) or "").strip()
    return int(value) if value.isdigit() and len(value) < 12 else 0
