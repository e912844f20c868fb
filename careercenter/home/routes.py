"""`/<slug>/`: what to do next, by role."""

from flask import Blueprint, current_app, g, render_template, request
from flask_login import current_user
from markupsafe import Markup

from ..lru import LRU
from ..nav import home_links
from ..readiness import cache
from ..tenancy.models import Membership, Role
from .summary import home_summary

bp = Blueprint("home", __name__)

# The admin and advisor homes' content HTML, by everything it shows: never out of date.
staff_homes = LRU(1024)


@bp.get("/")
def index():
    """Show the signed-in member's home page for their role."""
    membership = g.membership
    summary = home_summary(membership)
    if membership.role is Role.STUDENT:
        extra = {"progress_html": student_progress_html(membership, summary)}
    else:
        extra = {"content_html": staff_content_html(membership, summary)}
    return render_template(f"home/{membership.role.value}.html", summary=summary, **extra)


def staff_content_html(membership: Membership, summary: dict) -> Markup:
    """Return the admin or advisor home's content (`home/_<role>.html`) as HTML, kept by
    what it shows: the institution (slug, name), the person's name, the address and the
    summary's values (kept themselves per queue version). A view without a change renders
    none of it."""
    institution = g.institution
    key = (
        membership.role,
        institution.id,
        g.slug,
        request.script_root,
        institution.name,
        current_user.name,
        *summary.items(),
    )

    def render() -> Markup:
        page = render_template(f"home/_{membership.role.value}.html", summary=summary)
        return Markup(page)  # noqa: S704 - rendered by an autoescaping template

    return staff_homes.cached(key, render)


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
