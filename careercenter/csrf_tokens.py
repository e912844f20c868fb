"""The CSRF token a page's forms carry: signed once a minute per session, not once per page.

Flask-WTF signs the session's raw token afresh on every request that renders a form, and the
header's sign-out form is on every signed-in page: a serializer built, JSON, compression and
an HMAC, about a tenth of such a page's time. A signed token says when it was signed and is
good for `WTF_CSRF_TIME_LIMIT` (8 hours); one signed under a minute ago, with the same key,
for the same raw token, is as good. Each process keeps the last one per raw token and puts
it where Flask-WTF looks first (`g`). The template global `csrf_token()` and every form
(`formcheck.WebForm`, through `KeptCSRF`) get it here. Checking a token is Flask-WTF's,
unchanged; a new session has a new raw token and its own signature.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, g, session
from flask_wtf.csrf import _FlaskFormCSRF, generate_csrf

from .lru import LRU

REUSE_SECONDS = 60
_signed = LRU(4096)  # (key, raw token) -> (signed token, monotonic time of signing)


def csrf_token() -> str:
    """Return this request's signed CSRF token (the template global `csrf_token()`)."""
    config = current_app.config
    field = config["WTF_CSRF_FIELD_NAME"]
    if field not in g:
        secret = config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
        raw = session.get(field)
        kept = _signed.get((secret, raw)) if raw else None
        now = time.monotonic()
        if kept is not None and now - kept[1] < _reuse_window(config["WTF_CSRF_TIME_LIMIT"]):
            setattr(g, field, kept[0])
        else:
            token = generate_csrf()
            _signed.put((secret, session[field]), (token, now))
    return g.get(field)


class KeptCSRF(_FlaskFormCSRF):
    """Flask-WTF's form CSRF, with the token from `csrf_token()`."""

    def generate_csrf_token(self, csrf_token_field) -> str:
        return csrf_token()


def _reuse_window(time_limit: int | None) -> float:
    """Reuse a signature for a minute, or a hundredth of a shorter validity."""
    return REUSE_SECONDS if time_limit is None else min(REUSE_SECONDS, time_limit / 100)


def init_app(app: Flask) -> None:
    """Make `csrf_token()` in templates this module's (after `CSRFProtect.init_app`).

    Flask-WTF offers its own both as a global and through a context processor, which would
    win over a global; its globals are enough, so the processor goes.
    """
    app.jinja_env.globals["csrf_token"] = csrf_token
    processors = app.template_context_processors[None]
    processors[:] = [p for p in processors if p.__module__ != "flask_wtf.csrf"]
