"""The reviews blueprint and its navigation; `routes.py` and `bank.py` add their views to it."""

from __future__ import annotations

from flask import Blueprint

from ..nav import register_home_link, register_nav
from ..tenancy.models import Role

bp = Blueprint("reviews", __name__, url_prefix="/reviews")

register_nav("reviews.queue", "Reviews", [Role.ADVISOR, Role.ADMIN], order=45)
register_home_link(Role.ADVISOR, "reviews.queue", "Review submitted blueprints", order=15)
register_home_link(Role.ADVISOR, "reviews.bank", "Keep a bank of comments you reuse", order=70)
