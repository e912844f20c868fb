"""Security defaults that apply to every response: headers, CSP nonce, safe redirects."""

from __future__ import annotations

import secrets
from typing import TypeGuard
from urllib.parse import urlsplit

from flask import Flask, g

from . import light


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


def csp_nonce() -> str:
    """Return this request's nonce for the one inline <style> block (branding colour)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def init_app(app: Flask) -> None:
    """Add security headers to every response and expose the CSP nonce to templates."""
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    def csp(style_src: str) -> str:
        return (
            "default-src 'self'; script-src 'self'; "
            f"style-src {style_src}; img-src 'self' data:; font-src 'self'; "
            "connect-src 'self'; object-src 'none'; base-uri 'self'; "
            "form-action 'self'; frame-ancestors 'none'"
        )

    # Built once: the headers are the same on every response but for the CSP nonce.
    fixed = [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    if app.config.get("SESSION_COOKIE_SECURE"):
        fixed.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
    without_nonce = csp("'self'")

    @app.after_request
    @light.keep
    def set_security_headers(response):
        headers = response.headers
        present = {name.lower() for name, _ in headers}  # a view's own value wins
        nonce = g.get("csp_nonce")
        csp_value = csp(f"'self' 'nonce-{nonce}'") if nonce else without_nonce
        for name, value in [("Content-Security-Policy", csp_value), *fixed]:
            if name.lower() not in present:
                headers.add(name, value)
        if response.mimetype == "text/html" and "cache-control" not in present:
            headers.add("Cache-Control", "no-store")
        return response
