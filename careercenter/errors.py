"""Friendly error pages, answered as JSON to JSON clients."""

from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

MESSAGES = {
    400: (
        "Something in that request was not right",
        "Please go back, reload the page and try again.",
    ),
    403: (
        "You don't have access to this page",
        "Your role in this institution does not include it.",
    ),
    404: ("We couldn't find that page", "It may have moved, or you may not have access to it."),
    405: ("That action isn't available here", "Please use the buttons and links on the page."),
    413: ("That upload is too large", "Please send a smaller file."),
    429: ("Too many attempts", "Please wait a minute before you try again."),
    500: ("Something went wrong on our side", "The problem has been logged. Please try again."),
}


def wants_json() -> bool:
    """Return whether the client prefers JSON to HTML."""
    if request.is_json or request.path.endswith(".json"):
        return True
    accept = request.accept_mimetypes
    return accept.best_match(["text/html", "application/json"]) == "application/json" and (
        accept["application/json"] > accept["text/html"]
    )


def forget_oversize_body() -> None:
    """Treat a too-large request as having no form data, so pages with forms can still render.

    Without this, any form on the error page (the sign-out button) reads the body again and
    raises 413 inside the error handler.
    """
    request.form, request.files = ImmutableMultiDict(), ImmutableMultiDict()


def render_error(error: HTTPException):
    """Render `error` as a page or as JSON, keeping its status code."""
    code = error.code or 500
    if getattr(error, "response", None) is not None and not wants_json():
        return error.response  # a page of its own (the sign-in page when sign-ins are limited)
    if code == 413:
        forget_oversize_body()
    title, hint = MESSAGES.get(code, (error.name, error.description or ""))
    if code == 400 and error.description and "CSRF" in error.description:
        hint = "The form had expired or was sent from elsewhere. Reload the page and try again."
    if wants_json():
        response = make_response(jsonify(error=error.name, status=code, message=title), code)
    else:
        page = render_template("errors/error.html", code=code, title=title, hint=hint)
        response = make_response(page, code)
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


UNKNOWN_HOST = "This site does not answer to that host name."


def unknown_host(error: SecurityError):
    """Answer 400 to a Host header outside TRUSTED_HOSTS, without building any URL.

    Flask found no URL adapter for such a request, so the usual page (which links to static
    files) cannot be rendered; and nothing here may echo the untrusted host.
    """
    if wants_json():
        return jsonify(error="Bad Request", status=400, message=UNKNOWN_HOST), 400
    return UNKNOWN_HOST + "\n", 400, {"Content-Type": "text/plain; charset=utf-8"}


def init_app(app: Flask) -> None:
    """Register the handlers for every HTTP error and for unexpected exceptions."""
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(SecurityError, unknown_host)

    @app.errorhandler(Exception)
    def unexpected(error):
        from .extensions import db

        db.session.rollback()
        app.logger.exception("Unhandled error on %s", request.path)
        return render_error(InternalServerError())
