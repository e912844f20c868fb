"""`/<slug>/cohorts`: list, create, edit, archive; advisors; enrolment by hand, CSV or code."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from limits import parse

from ..actions import apply_change
from ..auth.permissions import admin_required, roles_required
from ..choices import as_choices
from ..extensions import limiter
from ..formcheck import form_accepted, switched_on
from ..nav import register_home_link, register_nav
from ..tenancy import get_or_404
from ..tenancy.models import Membership, Role
from . import services
from .csv_import import check_enrolment_csv
from .forms import ActionForm, AddMemberForm, CohortForm, ImportForm, JoinCodeForm, JoinForm
from .models import Cohort, CohortAdvisor, CohortStudent
from .panels import cohort_panels

bp = Blueprint("cohorts", __name__, url_prefix="/cohorts")
register_nav("cohorts.index", "Cohorts", list(Role), order=10)
register_home_link(
    Role.ADMIN, "cohorts.index", "Manage cohorts", "advisors, students, join codes", 10
)
register_home_link(
    Role.STUDENT,
    "cohorts.join",
    "Join a cohort",
    "with a code from your career center",
    60,
    when=lambda facts: not facts.get("has_cohort"),
)


@bp.get("")
def index():
    """List the cohorts this member sees; admins may switch to archived ones."""
    archived = request.args.get("status") == "archived" and g.membership.is_admin
    cohorts = services.visible_cohorts(g.membership, archived=archived)
    return render_template("cohorts/index.html", cohorts=cohorts, archived=archived)


@bp.route("/new", methods=["GET", "POST"])
@admin_required
def new():
    """Create a cohort."""
    form = CohortForm()
    if form_accepted(form, inline=True) and (
        created := apply_change(
            lambda: services.create_cohort(form.name.data, form.term.data, form.description.data)
        )
    ):
        cohort = created.value
        flash(f"Cohort “{cohort.name}” created. Now add advisors and students.", "success")
        return redirect(url_for(".people", cohort_id=cohort.id))
    return render_template("cohorts/form.html", form=form, cohort=None)


@bp.route("/<int:cohort_id>/edit", methods=["GET", "POST"])
@admin_required
def edit(cohort_id: int):
    """Change a cohort's name, term and description."""
    cohort = get_or_404(Cohort, cohort_id)
    form = CohortForm(obj=cohort)
    if request.method == "GET":
        form.version.data = str(cohort.version)
    if form_accepted(form, inline=True):
        saved = apply_change(
            lambda: services.update_cohort(
                cohort,
                form.version.data,
                name=form.name.data,
                term=form.term.data,
                description=form.description.data,
            ),
            stale_message=services.STALE,
        )
        if not saved:
            return render_template("cohorts/form.html", form=form, cohort=cohort), 409
        flash("Cohort saved.", "success")
        return redirect(url_for(".people", cohort_id=cohort.id))
    return render_template("cohorts/form.html", form=form, cohort=cohort)


@bp.post("/<int:cohort_id>/archive")
@admin_required
def archive(cohort_id: int):
    """Archive a cohort, or restore an archived one."""
    cohort = get_or_404(Cohort, cohort_id)
    archive_it = switched_on("archive", "restore", not cohort.is_active)
    if form_accepted(ActionForm()) and apply_change(
        lambda: services.set_archived(cohort, archive_it), stale_message=services.STALE
    ):
        flash("Cohort archived." if not cohort.is_active else "Cohort restored.", "success")
    return redirect(url_for(".people", cohort_id=cohort.id))


@bp.get("/<int:cohort_id>/people")
@admin_required
def people(cohort_id: int):
    """Manage a cohort's advisors, students and join code."""
    cohort = get_or_404(Cohort, cohort_id)
    return _people_page(cohort)


def _people_page(cohort, import_form=None, report=None, status=200):
    advisors = services.members_by_role(Role.ADVISOR)
    students = services.members_by_role(Role.STUDENT)
    assigned = {link.membership_id for link in cohort.advisor_links}
    enrolled = {link.membership_id for link in cohort.student_links}
    advisor_form = AddMemberForm(prefix="advisor")
    advisor_form.membership_id.choices = as_choices(
        [(m.id, f"{m.user.name} ({m.user.email})") for m in advisors if m.id not in assigned]
    )
    return render_template(
        "cohorts/people.html",
        cohort=cohort,
        advisor_links=services.links_by_name(cohort.advisor_links, advisors),
        student_links=services.links_by_name(cohort.student_links, students),
        advisor_form=advisor_form,
        student_choices=[m for m in students if m.id not in enrolled],
        import_form=import_form or ImportForm(),
        join_form=JoinCodeForm(),
        action_form=ActionForm(),
        report=report,
        panels=cohort_panels(cohort),
    ), status


@bp.post("/<int:cohort_id>/advisors")
@admin_required
def add_advisor(cohort_id: int):
    """Assign an advisor to the cohort."""
    cohort, membership = _cohort_and_member(cohort_id, "advisor")
    name = membership.user.name
    if added := apply_change(lambda: services.add_advisor(cohort, membership)):
        flash(
            f"{name} {'now advises' if added.value else 'already advises'} this cohort.", "success"
        )
    return redirect(url_for(".people", cohort_id=cohort_id))


@bp.post("/<int:cohort_id>/students")
@admin_required
def add_student(cohort_id: int):
    """Enroll the student members ticked on the people page, in one change."""
    cohort = get_or_404(Cohort, cohort_id)
    back = redirect(url_for(".people", cohort_id=cohort_id))
    if not form_accepted(ActionForm()):
        return back
    raw = request.form.getlist("student-membership_id")
    if not raw or not all(value.isdigit() for value in raw):
        flash("Tick at least one student to enroll.", "error")
        return back
    chosen = services.members_by_ids({int(value) for value in raw})
    if chosen is None:  # someone not (or no longer) of this institution
        abort(404)
    if added := apply_change(lambda: services.enroll(cohort, chosen, how="by hand")):
        flash(_enrolled_message(chosen, added.value), "success")
    return back


def _enrolled_message(chosen: list[Membership], added: int) -> str:
    if len(chosen) == 1:
        name = chosen[0].user.name
        return f"{name} {'enrolled' if added else 'was already enrolled'}."
    already = len(chosen) - added
    if not already:
        return f"{added} students enrolled."
    return f"{added} enrolled; {already} {'was' if already == 1 else 'were'} already in the cohort."


def _cohort_and_member(cohort_id: int, prefix: str):
    cohort = get_or_404(Cohort, cohort_id)
    raw = request.form.get(f"{prefix}-membership_id", "")
    if not form_accepted(ActionForm()):
        abort(redirect(url_for(".people", cohort_id=cohort_id)))
    if not raw.isdigit():
        flash("Choose a person from the list.", "error")
        abort(redirect(url_for(".people", cohort_id=cohort_id)))
    return cohort, get_or_404(Membership, int(raw))


@bp.post("/<int:cohort_id>/advisors/<int:link_id>/remove")
@admin_required
def remove_advisor(cohort_id: int, link_id: int):
    """Take an advisor off the cohort."""
    return _remove(cohort_id, CohortAdvisor, link_id, "The advisor no longer follows this cohort.")


@bp.post("/<int:cohort_id>/students/<int:link_id>/remove")
@admin_required
def remove_student(cohort_id: int, link_id: int):
    """Take a student out of the cohort (their progress is kept if they come back)."""
    return _remove(cohort_id, CohortStudent, link_id, "The student left the cohort.")


def _remove(cohort_id, model, link_id, message):
    cohort = get_or_404(Cohort, cohort_id)
    link = get_or_404(model, link_id, cohort_id=cohort.id)
    if form_accepted(ActionForm()) and apply_change(lambda: services.remove_link(cohort, link)):
        flash(message, "success")
    return redirect(url_for(".people", cohort_id=cohort_id))


@bp.post("/<int:cohort_id>/students/import")
@admin_required
def import_students(cohort_id: int):
    """Enroll the students listed in a CSV file, or none if any row is wrong."""
    cohort = get_or_404(Cohort, cohort_id)
    form = ImportForm()
    if not form_accepted(form, inline=True):
        return _people_page(cohort, import_form=form, status=400)
    upload = form.file.data
    report = check_enrolment_csv(upload.read(), upload.filename or None)
    if not report.ok:
        flash("Nothing was enrolled: fix the rows listed below and upload the file again.", "error")
        return _people_page(cohort, import_form=form, report=report, status=400)
    if added := apply_change(lambda: services.enroll(cohort, report.students, how="CSV")):
        count = added.value
        flash(
            f"{count} enrolled; {len(report.students) - count} were already in the cohort.",
            "success",
        )
    return redirect(url_for(".people", cohort_id=cohort_id))


@bp.post("/<int:cohort_id>/join-code")
@admin_required
def join_code(cohort_id: int):
    """Turn joining by code on or off, or make a new code."""
    cohort = get_or_404(Cohort, cohort_id)
    form = JoinCodeForm()
    if form_accepted(form) and apply_change(
        lambda: services.change_join_code(cohort, form.action.data), stale_message=services.STALE
    ):
        if cohort.join_enabled:
            flash(f"Joining by code is on: the code is {cohort.join_code}.", "success")
        else:
            flash("Joining by code is off.", "success")
    return redirect(url_for(".people", cohort_id=cohort_id))


def join_attempt_allowed() -> bool:
    """Count one join attempt for the signed-in person; False once over the limit."""
    if not limiter.enabled:
        return True
    limit = parse(current_app.config.get("COHORT_JOIN_RATE_LIMIT", "10 per minute"))
    return limiter.limiter.hit(limit, "cohort-join", str(g.membership.user_id))


@bp.route("/join", methods=["GET", "POST"])
@roles_required(Role.STUDENT)
def join():
    """Let a student join a cohort with the code their career center gave them."""
    form = JoinForm()
    if request.method == "POST" and not join_attempt_allowed():
        flash(
            "You tried many codes in a short time, so we paused joining for a minute. "
            "Wait a moment and try again, or ask your career center for the right code.",
            "error",
        )
        return render_template("cohorts/join.html", form=form), 429
    if form_accepted(form, inline=True):
        cohort = services.find_joinable(form.code.data)
        if cohort is None:
            flash("That code does not open any cohort. Check it with your career center.", "error")
            return render_template("cohorts/join.html", form=form), 400
        name = cohort.name
        if added := apply_change(lambda: services.enroll(cohort, [g.membership], how="join code")):
            flash(
                f"You joined {name}." if added.value else f"You are already in {name}.", "success"
            )
            return redirect(url_for("checklists.index"))
    return render_template("cohorts/join.html", form=form)
