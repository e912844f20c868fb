"""Security defaults that apply to every response: headers, CSP nonce, safe redirects."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from typing import TypeGuard
from urllib.parse import urlsplit

from flask import Flask, request


def is_safe_next(target: str | None) -> TypeGuard[str]:
    """Return whether `target` is a local path that is safe to redirect to."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(ord(ch) < 32 or ch == "\\" for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, default: str) -> str:
    """Return `target` when it is a safe local path, otherwise `default`."""
    return target if is_safe_next(target) else default


NONCE_KEY = "careercenter.csp_nonce"


def csp_nonce() -> str:
    """Return this request's nonce for the one inline <style> block (branding colour)."""
    environ = request.environ
    nonce = environ.get(NONCE_KEY)
    if nonce is None:
        nonce = environ[NONCE_KEY] = secrets.token_urlsafe(16)
    return nonce


def _csp(style_src: str) -> str:
    return (
        "default-src 'self'; script-src 'self'; "
        f"style-src {style_src}; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


class SecurityHeaders:
    """WSGI middleware adding the security headers to every answer the app gives.

    Below Flask, so light routes, error pages and redirects all get them, and cheaply: the
    headers are plain tuples added to the list Flask hands to the server, not re-validated
    one by one as a hook on the response object would (which cost /ping a tenth of its time).
    A header the view set itself wins; a nonce made during the request goes into the CSP.
    """

    def __init__(self, wsgi_app: Callable, hsts: bool) -> None:
        self.wsgi_app = wsgi_app
        fixed = [
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        if hsts:
            fixed.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
        self.fixed = [(name.lower(), (name, value)) for name, value in fixed]
        self.without_nonce = ("Content-Security-Policy", _csp("'self'"))

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info=None):
            self.add_headers(environ, headers)
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start)

    def add_headers(self, environ: dict, headers: list[tuple[str, str]]) -> None:
        """Add the headers missing from `headers` (a WSGI header list), in place."""
        present = {name.lower(): value for name, value in headers}
        if "content-security-policy" not in present:
            nonce = environ.get(NONCE_KEY)
            if nonce is None:
                headers.append(self.without_nonce)
            else:
                headers.append(("Content-Security-Policy", _csp(f"'self' 'nonce-{nonce}'")))
        for lowered, header in self.fixed:
            if lowered not in present:
                headers.append(header)
        if "cache-control" not in present:
            mimetype = present.get("content-type", "").partition(";")[0].strip().lower()
            if mimetype == "text/html":
                headers.append(("Cache-Control", "no-store"))


def init_app(app: Flask) -> None:
    """Add security headers to every response and expose the CSP nonce to templates."""
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    # Flask documents wrapping wsgi_app; its typing declares it a method.
    app.wsgi_app = SecurityHeaders(  # type: ignore[method-assign]
        app.wsgi_app, hsts=bool(app.config.get("SESSION_COOKIE_SECURE"))
    )
