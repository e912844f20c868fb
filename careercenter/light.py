"""Light routes: answered without the per-request work that pages need.

`/ping` is liveness and the bench's baseline. Every request to it used to open the session
(Flask-Login's remember-cookie check, so the answer carried `Vary: Cookie`), resolve rate
limits and set their headers, and then walk a dozen app-wide hooks that had nothing to do.
`LightFlask` answers a light endpoint with its view alone: the session is never opened (the
URL is matched first, for the few paths a light rule has), and no before-, after- or
teardown-request hook runs. The security headers are added below Flask (`security.py`), so
light answers carry them too.
"""

from __future__ import annotations

import copy
import time
from typing import Any

from flask import Flask, Response, request
from flask.ctx import RequestContext
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature

from .lru import LRU

LIGHT_ENDPOINTS = frozenset({"health.ping"})


def is_light() -> bool:
    """Return whether this request is for a light endpoint (decided once, when matched)."""
    return request.environ.get("careercenter.light", False)


class CachedSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signing serializer built once per key and
    each cookie's verified contents kept for its next requests.

    Flask builds the serializer on every request (including a JSON round trip to learn the
    serializer's type); it depends on nothing but the secret key, its fallbacks and this
    class's settings. A signed-in person's cookie stays the same from one request to the
    next, and checking its signature and decoding it cost a tenth of a signed-in page: the
    contents are kept by the exact cookie (only once its signature was good, with the time
    it was signed, so it still expires as Flask's check would), and each request gets its
    own copy. Light requests get a null session instead: they never read or write one.
    """

    _cached: tuple[tuple, Any, LRU] | None = None

    def _serializer_and_opened(self, app: Flask) -> tuple[Any, LRU] | None:
        """Return the signer and the kept cookies for the current key (None without a key)."""
        key = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        cached = self._cached
        if cached is None or cached[0] != key:
            serializer = super().get_signing_serializer(app)
            if serializer is None:  # no secret key: Flask's null session
                return None
            cached = self._cached = (key, serializer, LRU(1024))  # a new key forgets all
        return cached[1], cached[2]

    def get_signing_serializer(self, app: Flask):
        signing = self._serializer_and_opened(app)
        return signing[0] if signing else None

    def open_session(self, app: Flask, request: Any) -> SecureCookieSession | None:
        if request.environ.get("careercenter.light"):
            return self.make_null_session(app)
        signing = self._serializer_and_opened(app)
        if signing is None:
            return None
        serializer, opened = signing
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        kept = opened.get(value)
        if kept is None:
            try:
                data, signed = serializer.loads(value, max_age=max_age, return_timestamp=True)
            except BadSignature:
                return self.session_class()
            kept = (data, int(signed.timestamp()))
            opened.put(value, kept)
        else:  # as itsdangerous checks the age of a signature
            age = int(time.time()) - kept[1]
            if age > max_age or age < 0:
                return self.session_class()
        return self.session_class(copy.deepcopy(kept[0]))


class LightRequestContext(RequestContext):
    """A request context that matches a light rule's path before opening the session."""

    _matched = False

    def push(self) -> None:
        app: Any = self.app
        environ = self.request.environ
        if self.url_adapter is not None and environ.get("PATH_INFO") in app.light_paths():
            self.match_request()
            rule = self.request.url_rule
            environ["careercenter.light"] = rule is not None and rule.endpoint in LIGHT_ENDPOINTS
        super().push()

    def match_request(self) -> None:
        if not self._matched:  # push() matched a light path already
            self._matched = True
            super().match_request()


class LightFlask(Flask):
    """Flask that skips the per-request work of pages on light endpoints."""

    _light_paths: frozenset[str] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session_interface = CachedSessionInterface()

    def light_paths(self) -> frozenset[str]:
        """Return the paths of light rules (built at the first request, once routes are in)."""
        if self._light_paths is None:
            self._light_paths = frozenset(
                rule.rule for rule in self.url_map.iter_rules() if rule.endpoint in LIGHT_ENDPOINTS
            )
        return self._light_paths

    def request_context(self, environ: dict) -> RequestContext:
        return LightRequestContext(self, environ)

    def preprocess_request(self) -> Any:
        if is_light():
            return None
        return super().preprocess_request()

    def process_response(self, response: Response) -> Response:
        if is_light():
            return response
        return super().process_response(response)

    def do_teardown_request(self, *args: Any, **kwargs: Any) -> None:
        if not is_light():
            super().do_teardown_request(*args, **kwargs)
