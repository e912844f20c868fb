"""`/<slug>/`: what to do next, by role."""

from flask import Blueprint, current_app, g, render_template
from markupsafe import Markup

from ..nav import home_links
from ..readiness import cache
from ..tenancy.models import Membership, Role
from .summary import home_summary

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    """Show the signed-in member's home page for their role."""
    membership = g.membership
    summary = home_summary(membership)
    extra = {}
    if membership.role is Role.STUDENT:
        extra["progress_html"] = student_progress_html(membership, summary)
    return render_template(f"home/{membership.role.value}.html", summary=summary, **extra)


def student_progress_html(membership: Membership, summary: dict) -> Markup:
    """Return the student home's readiness, next steps and cohorts as HTML, kept by what they
    show: the student's snapshot (their membership's version and the campus day), the
    assessment's value and the institution's address. A view without a change renders none."""
    key = cache.student_key(membership)
    institution = g.institution
    full_key = key and (*key, institution.slug, summary["today"], summary["readiness"])
    html = cache.homes.get(full_key, count=False) if full_key else None
    if html is None:
        template = current_app.jinja_env.get_template("home/_student_progress.html")
        links = home_links(Role.STUDENT, summary["link_facts"])
        html = Markup(template.render(summary=summary, links=links))  # noqa: S704 - autoescaped
        if full_key:
            cache.homes.put(full_key, html)
    return html
