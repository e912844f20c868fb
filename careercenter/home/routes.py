"""`/<slug>/`: what to do next, by role."""

from flask import Blueprint, g, render_template

from .summary import home_summary

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    """Show the signed-in member's home page for their role."""
    membership = g.membership
    summary = home_summary(membership)
    return render_template(f"home/{membership.role.value}.html", summary=summary)
