"""Light routes: answered without the per-request work that pages need.

`/ping` is liveness and the bench's baseline. Every request to it used to open the session
(Flask-Login's remember-cookie check, so the answer carried `Vary: Cookie`), resolve rate
limits and set their headers, and then walk a dozen app-wide hooks that had nothing to do.
`LightFlask` answers a light endpoint with its view and the after-request hooks marked with
`keep` (the security headers) alone: no before- or teardown-request hook, no session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, Response, request

LIGHT_ENDPOINTS = frozenset({"health.ping"})


def keep(hook: Callable) -> Callable:
    """Mark an app-wide after-request hook that light routes run too (security headers)."""
    hook.keep_on_light = True  # type: ignore[attr-defined]
    return hook


def is_light() -> bool:
    """Return whether this request is for a light endpoint."""
    return request.endpoint in LIGHT_ENDPOINTS


class LightFlask(Flask):
    """Flask that skips the per-request hooks of pages on light endpoints."""

    def preprocess_request(self) -> Any:
        if is_light():
            return None
        return super().preprocess_request()

    def process_response(self, response: Response) -> Response:
        if not is_light():
            return super().process_response(response)
        for hook in reversed(self.after_request_funcs.get(None, [])):
            if getattr(hook, "keep_on_light", False):
                response = hook(response)
        return response

    def do_teardown_request(self, *args: Any, **kwargs: Any) -> None:
        if not is_light():
            super().do_teardown_request(*args, **kwargs)
