"""Liveness and database check for load balancers and monitoring."""

from flask import Blueprint, Response, jsonify, redirect, url_for
from sqlalchemy import text

from .extensions import db, limiter

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """Answer whether the app is up and can reach its database."""
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception:  # any driver error means the database is not reachable
        db.session.rollback()
        database = "unreachable"
    status = 200 if database == "ok" else 503
    return jsonify(status="ok" if status == 200 else "degraded", database=database), status


@bp.get("/ping")
@limiter.exempt
def ping():
    """Answer "ok" without touching the database: liveness, and the benchmark's baseline."""
    return Response("ok", mimetype="text/plain")


@bp.get("/favicon.ico")
@limiter.exempt
def favicon():
    """Point browsers that ask for /favicon.ico at the SVG icon."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)
