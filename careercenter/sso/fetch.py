"""Outbound requests to identity providers: https only (http when `SSO_ALLOW_HTTP`, in tests),
a timeout, no redirects followed, and a cap on what is read."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import requests
from flask import current_app

from ..actions import Refused

TIMEOUT = (5, 10)  # connect, read (seconds)
MAX_METADATA_BYTES = 2_000_000  # federation-wide aggregates belong elsewhere: one IdP's XML
MAX_JSON_BYTES = 200_000


class FetchError(Refused):
    """An identity provider's document could not be fetched; the text says why."""


def check_url(url: str) -> str:
    """Return `url` stripped if it may be fetched, else raise FetchError saying why."""
    url = (url or "").strip()
    parts = urlsplit(url)
    allowed = {"https", "http"} if current_app.config.get("SSO_ALLOW_HTTP") else {"https"}
    if parts.scheme not in allowed or not parts.hostname:
        raise FetchError("The address must be a full https:// URL.")
    return url


def fetch_bytes(url: str, limit: int = MAX_METADATA_BYTES) -> bytes:
    """GET `url` safely and return its body (at most `limit` bytes)."""
    url = check_url(url)
    try:
        with requests.get(url, timeout=TIMEOUT, stream=True, allow_redirects=False) as response:
            if response.status_code != 200:
                raise FetchError(f"{url} answered {response.status_code}, not the document.")
            body = b""
            for chunk in response.iter_content(65536):
                body += chunk
                if len(body) > limit:
                    raise FetchError(f"{url} sent more than {limit // 1000} kB; not accepted.")
            return body
    except requests.RequestException as exc:
        raise FetchError(f"{url} could not be reached ({type(exc).__name__}).") from exc


def fetch_json(url: str) -> dict:
    """GET a JSON object (discovery document, JWKS) safely."""
    body = fetch_bytes(url, MAX_JSON_BYTES)
    try:
        value = json.loads(body)
    except ValueError as exc:
        raise FetchError(f"{url} did not send JSON.") from exc
    if not isinstance(value, dict):
        raise FetchError(f"{url} did not send a JSON object.")
    return value
