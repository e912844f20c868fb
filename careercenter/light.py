"""Light routes: answered without the per-request work that pages need.

`/ping` is liveness and the bench's baseline. Every request to it used to open the session
(Flask-Login's remember-cookie check, so the answer carried `Vary: Cookie`), resolve rate
limits and set their headers: about 40% of a bare Flask route's throughput went there.
A light route skips every extension's before-, after- and teardown-request hook; the
security headers (`security.py`, registered after this runs) still go on its response.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, request

LIGHT_ENDPOINTS = frozenset({"health.ping"})


def _skipped_on_light(hook: Callable, passes_response: bool) -> Callable:
    @wraps(hook)
    def run(*args):
        if request.endpoint in LIGHT_ENDPOINTS:
            return args[0] if passes_response else None
        return hook(*args)

    return run


def init_app(app: Flask) -> None:
    """Make the hooks registered so far (the extensions') skip light routes."""
    before = app.before_request_funcs.get(None, [])
    after = app.after_request_funcs.get(None, [])
    teardown = app.teardown_request_funcs.get(None, [])
    before[:] = [_skipped_on_light(hook, passes_response=False) for hook in before]
    after[:] = [_skipped_on_light(hook, passes_response=True) for hook in after]
    teardown[:] = [_skipped_on_light(hook, passes_response=False) for hook in teardown]
