"""Real identity providers on 127.0.0.1 for the SSO tests, and the browser's part of each flow.

- OpenID Connect: the certified `oidc-provider` package from npm (`op.js` here), a node
  process; `npm ci` in this folder installs it (`make test` and `.ci/run` do).
- SAML 2.0: pysaml2's own IdP (`saml2.server.Server`) behind a tiny WSGI app (`saml_idp.py`).

Without node, the npm packages or xmlsec1, the tests that need them skip, naming why.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import requests

HERE = Path(__file__).resolve().parent
CLIENT_SECRET = "test-op-client-secret"
APP_BASE = "http://localhost"  # the Flask test client's host


def op_missing() -> str | None:
    """Return why the OpenID provider cannot run here, or None."""
    if shutil.which("node") is None:
        return "node is not installed (apt-get install nodejs)"
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        return "the test OpenID provider is not installed: run `npm ci` in tests/sso"
    return None


def client_id(slug: str) -> str:
    return f"careercenter-{slug}"


@contextmanager
def openid_provider(slugs: list[str], base: str = APP_BASE) -> Iterator[str]:
    """Run `op.js` with one client per institution; yield its issuer URL."""
    clients = [
        {
            "client_id": client_id(slug),
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [f"{base}/sso/{slug}/oidc/callback"],
        }
        for slug in slugs
    ]
    env = {**os.environ, "OP_CLIENTS": json.dumps(clients), "NODE_ENV": "test"}
    process = subprocess.Popen(
        ["node", str(HERE / "op.js")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("ISSUER "):
            raise RuntimeError(f"the test OpenID provider did not start: {line!r}")
        yield line.split(" ", 1)[1].strip()
    finally:
        if process.stdin:
            process.stdin.close()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        if process.stdout:
            process.stdout.close()


def _form(html: str) -> tuple[str, dict[str, str]]:
    """Return the first form's action and its hidden inputs."""
    action = unescape(re.search(r'<form[^>]*action="([^"]*)"', html).group(1))
    fields = {
        unescape(name): unescape(value)
        for name, value in re.findall(
            r'<input[^>]*type="hidden"[^>]*name="([^"]*)"[^>]*value="([^"]*)"', html
        )
    }
    return action, fields


def op_sign_in(authorize_url: str, login: str, browser: requests.Session | None = None) -> str:
    """Play the person at the OpenID provider: sign in as `login`; return the URL it sends
    the browser back to (the app's callback, with code and state)."""
    browser = browser or requests.Session()
    response = browser.get(authorize_url, allow_redirects=False, timeout=10)
    for _ in range(10):
        location = response.headers.get("Location")
        if response.status_code in (302, 303) and location:
            target = urljoin(response.url, location)
            if target.startswith(APP_BASE):
                return target
            response = browser.get(target, allow_redirects=False, timeout=10)
            continue
        if response.status_code == 200 and 'name="login"' in response.text:
            action, fields = _form(response.text)
            response = browser.post(
                urljoin(response.url, action),
                data={**fields, "prompt": "login", "login": login, "password": "any"},
                allow_redirects=False,
                timeout=10,
            )
            continue
        raise AssertionError(f"unexpected answer from the OP: {response.status_code}")
    raise AssertionError("the OP kept redirecting")


def local(url: str) -> str:
    """Return the path and query of an app URL, for the Flask test client."""
    return url[len(APP_BASE) :] if url.startswith(APP_BASE) else url
