"""Sign in through the real login form over plain HTTP and hand back the session cookie.

Production marks the session cookie `Secure`, so an HTTP cookie jar would never send it back
over loopback. The bench reads `Set-Cookie` itself and sends `Cookie:` explicitly (also to
wrk); the production settings stay as they are.
"""

from __future__ import annotations

import http.client
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

USER_AGENT = "careercenter-bench"  # the same for sign-in and load, as session protection expects
_CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"|'
                   r'<input[^>]*value="([^"]+)"[^>]*name="csrf_token"')  # fmt: skip


class SignInError(RuntimeError):
    """Signing in through the form did not work."""


def _connection(base_url: str) -> http.client.HTTPConnection:
    parts = urlsplit(base_url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in(base_url: str, email: str, password: str) -> str:
    """Sign in as `email`; return the `Cookie` header value that carries the session."""
    conn = _connection(base_url)
    try:
        conn.request("GET", "/login", headers={"User-Agent": USER_AGENT})
        page = conn.getresponse()
        body = page.read().decode()
        cookies = _cookies(page)
        match = _CSRF.search(body)
        if page.status != 200 or not match or "session" not in cookies:
            raise SignInError(f"GET /login answered {page.status} without a form and a session")
        form = {"email": email, "password": password, "csrf_token": match[1] or match[2]}
        conn.request(
            "POST",
            "/login",
            body=urlencode({**form, "next": ""}),
            headers={
                "User-Agent": USER_AGENT,
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"session={cookies['session']}",
            },
        )
        answer = conn.getresponse()
        answer.read()
        signed_in = _cookies(answer).get("session")
        if answer.status != 302 or not signed_in:
            raise SignInError(f"POST /login as {email} answered {answer.status}, not a redirect")
        return f"session={signed_in}"
    finally:
        conn.close()


def fetch(base_url: str, path: str, cookie: str | None) -> tuple[int, str, str]:
    """GET `path` once (with the session cookie, if any); return status, body, content type."""
    conn = _connection(base_url)
    headers = {"User-Agent": USER_AGENT, **({"Cookie": cookie} if cookie else {})}
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read().decode(errors="replace")
        return response.status, body, response.headers.get("Content-Type", "")
    finally:
        conn.close()
