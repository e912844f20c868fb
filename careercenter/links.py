"""Absolute links for emails and the command line, inside or outside a request."""

from __future__ import annotations

from flask import current_app, has_request_context, url_for


def external_url(endpoint: str, **values) -> str:
    """Return an absolute URL; outside a request, based on the BASE_URL setting."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        return url_for(endpoint, _external=True, **values)
