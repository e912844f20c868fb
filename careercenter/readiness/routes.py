"""Readiness pages: a cohort's dashboard, one student's progress, and the weights setting."""

from __future__ import annotations

import functools
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup
from sqlalchemy import select

from ..audit import record_view
from ..auth.permissions import admin_required, staff_required
from ..checklists.guidance import guidance_for
from ..checklists.pages import group_items, work_forms
from ..checklists.progress import student_items
from ..cohorts.models import Cohort, CohortStudent
from ..cohorts.permissions import can_follow_cohort, require_follow_cohort
from ..extensions import db
from ..institutions.settings_page import settings_page
from ..nav import register_home_link
from ..stages import blueprint_link
from ..tenancy import clock, get_or_404
from ..tenancy.models import Membership, Role
from ..tenancy.urls import preload_with_membership
from . import cache
from .dashboard import SORTS, Dashboard, StudentRow, assess_all, cohort_dashboard
from .forms import WeightsForm
from .queries import students_facts
from .rules import Level

bp = Blueprint("readiness", __name__)
LEVELS = list(Level)
KEPT_BOARDS = 32  # views kept per assessment (sorts, filters, pages, searches)
register_home_link(
    Role.ADMIN, "readiness.settings", "Set readiness weights", "checklist vs blueprint", 70
)


# The cohort of both pages is read with the member (one statement fewer on every view).
preload_with_membership("readiness.dashboard", Cohort, "cohort_id")
preload_with_membership("readiness.student", Cohort, "cohort_id")


@bp.get("/cohorts/<int:cohort_id>")
@staff_required
def dashboard(cohort_id: int):
    """Show a cohort's readiness: levels, competencies and a table of students."""
    cohort = get_or_404(Cohort, cohort_id)
    require_follow(cohort, g.membership)
    args = request.args
    board = cohort_dashboard(
        cohort.id,
        g.institution.checklist_weight,
        sort=args.get("sort", "name"),
        descending=args.get("dir") == "desc",
        level=args.get("level"),
        query=args.get("q", "")[:100],
        page=args.get("page", 1, type=int),
    )
    page = render_template(
        "readiness/dashboard.html",
        cohort=cohort,
        board=board,
        levels=LEVELS,
        sorts=SORTS,
        board_html=board_html(cohort, board),
    )
    # Audited after rendering: a commit would expire what the page still reads.
    if record_view("readiness.dashboard_viewed", cohort):
        db.session.commit()
    return page


def require_follow(cohort: Cohort, membership: Membership) -> None:
    """`require_follow_cohort`, kept per cohort and advisor membership version: assigning or
    removing an advisor bumps the advisor's membership, and so does any change to it (role,
    deactivation), so a kept answer is exact while a tick in the cohort leaves it alone;
    admins need no query at all."""
    member_key = cache.student_key(membership)
    if member_key is None or membership.is_admin or cache.cohort_key(cohort.id) is None:
        require_follow_cohort(cohort, membership)
        return
    follow_key = (*member_key, membership.role, cohort.id, cohort.created_at)
    allowed = cache.follows.get(follow_key, count=False)
    if allowed is None:
        allowed = can_follow_cohort(cohort, membership)
        cache.follows.put(follow_key, allowed)
    if not allowed:
        abort(404)


def board_html(cohort: Cohort, board: Dashboard) -> Markup:
    """Return the board (levels, competencies, the page of students) as HTML: rendered once
    per assessment, view and time zone, then kept with the assessment, which the cache
    replaces whenever what it shows changes. A large share of the page's cost otherwise."""
    key = (*board.view, g.institution.time_zone)
    html = board.kept.get(key)
    if html is None:
        html = render_board(cohort, board)
        if len(board.kept) < KEPT_BOARDS:
            board.kept[key] = html
    return html


def render_board(cohort: Cohort, board: Dashboard) -> Markup:
    """Render the `board` block of the dashboard's template alone."""
    template = current_app.jinja_env.get_template("readiness/dashboard.html")
    context = template.new_context(
        {
            "cohort": cohort,
            "board": board,
            "dashboard_url": url_for("readiness.dashboard", cohort_id=cohort.id),
            "levels": LEVELS,
            "student_row": functools.partial(student_row, cohort),
        }
    )
    # What an autoescaping template rendered is markup already.
    return Markup("".join(template.blocks["board"](context)))  # noqa: S704


def student_row(cohort: Cohort, row: StudentRow) -> Markup:
    """Return one student's row of the board, kept by its value: after a tick, or in a new
    order or page, only rows whose values changed are rendered again."""
    institution = g.institution
    key = (institution.id, institution.slug, institution.time_zone, cohort.id, row)
    html = cache.board_rows.get(key, count=False)
    if html is None:
        macros: Any = current_app.jinja_env.get_template("readiness/_student_row.html").module
        html = macros.student_row(cohort.id, row)  # autoescaped: markup already
        cache.board_rows.put(key, html)
    return html


@bp.get("/cohorts/<int:cohort_id>/students/<int:membership_id>")
@staff_required
def student(cohort_id: int, membership_id: int):
    """Show one student's readiness and progress item by item, with review actions."""
    cohort = get_or_404(Cohort, cohort_id)
    require_follow(cohort, g.membership)
    link = db.session.execute(
        select(CohortStudent).where(
            CohortStudent.cohort_id == cohort.id, CohortStudent.membership_id == membership_id
        )
    ).scalar_one_or_none()
    if link is None:
        abort(404)
    now = clock.utc_now()
    today = clock.local_today(g.institution, now)
    facts = students_facts(today, cohort_id=cohort.id, membership_id=membership_id)
    (row,) = assess_all(facts, now, g.institution.checklist_weight)
    groups = group_items(student_items(link.membership_id, cohort_id=cohort.id), today)
    page = render_template(
        "readiness/student.html",
        cohort=cohort,
        row=row,
        groups=groups,
        guidance=guidance_for(groups),
        blueprint_url=blueprint_link(link.membership_id, g.membership),
        **work_forms(),
    )
    if record_view("readiness.student_viewed", link.membership, cohort_id=cohort.id):
        db.session.commit()
    return page


@bp.route("/settings/readiness", methods=["GET", "POST"])
@admin_required
def settings():
    """Let admins weigh the checklist against the blueprint in the readiness score."""
    return settings_page(
        WeightsForm,
        "readiness/settings.html",
        "settings.readiness_weights",
        "Readiness weights saved.",
    )
