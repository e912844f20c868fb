"""Light routes: answered without the per-request work that pages need.

`/ping` is liveness and the bench's baseline. Every request to it used to open the session
(Flask-Login's remember-cookie check, so the answer carried `Vary: Cookie`), resolve rate
limits and set their headers: about 40% of a bare Flask route's throughput went there.
A light route skips every app-wide before-, after- and teardown-request hook (the
extensions' and the blueprints' alike: `init_app` runs once everything is registered) but
those marked with `keep`, such as the security headers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, request

LIGHT_ENDPOINTS = frozenset({"health.ping"})


def keep(hook: Callable) -> Callable:
    """Mark an app-wide hook that light routes run too (security headers)."""
    hook.keep_on_light = True  # type: ignore[attr-defined]
    return hook


def _skipped_on_light(hook: Callable, passes_response: bool) -> Callable:
    @wraps(hook)
    def run(*args):
        if request.endpoint in LIGHT_ENDPOINTS:
            return args[0] if passes_response else None
        return hook(*args)

    return run


def init_app(app: Flask) -> None:
    """Make every app-wide hook registered so far skip light routes, but those marked `keep`."""
    for hooks, passes_response in (
        (app.before_request_funcs.get(None, []), False),
        (app.after_request_funcs.get(None, []), True),
        (app.teardown_request_funcs.get(None, []), False),
    ):
        hooks[:] = [
            hook
            if getattr(hook, "keep_on_light", False)
            else _skipped_on_light(hook, passes_response)
            for hook in hooks
        ]
