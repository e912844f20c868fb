"""Refuse malformed JSON request bodies (400, in JSON) before any form or view reads them.

A body sent as `application/json` must be one UTF-8 JSON object nested at most `MAX_DEPTH`
deep. Without this, `"x"` or `[[[…]]]` reached Flask-WTF and the views and failed there (500).
"""

from __future__ import annotations

from flask import Flask, jsonify, request
from werkzeug.exceptions import BadRequest

MAX_DEPTH = 16  # the blueprint editor sends 4 levels (goals → goal → phase → action)
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def body_problem() -> str | None:
    """Say what is wrong with this request's JSON body, or return None (parsed and cached)."""
    try:
        body = request.get_json()  # cached: the form and the view reuse this parse
    except BadRequest:
        return "the request body is not valid UTF-8 JSON"
    except RecursionError:
        return "the request body is nested too deeply"
    if not isinstance(body, dict):
        return "the request body must be a JSON object"
    if depth(body) > MAX_DEPTH:
        return "the request body is nested too deeply"
    return None


def depth(value) -> int:
    """Return how deeply `value` nests lists and objects (without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def init_app(app: Flask) -> None:
    """Check every JSON body once per request, before the views."""

    @app.before_request
    def refuse_malformed_json():
        if request.method not in BODY_METHODS or not request.is_json:
            return None
        problem = body_problem()
        if problem is None:
            return None
        return jsonify(error="invalid_json", status=400, message=f"Not saved: {problem}."), 400
