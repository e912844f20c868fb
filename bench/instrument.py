"""The app as the term-time mix serves it (bench only): time in the app and readiness-cache
hits and misses, per kind of request, counted in each worker.

The mix names each measured request's kind in an `X-Bench-Kind` header (warm-up requests
carry none and are not counted); `GET /__bench/stats` answers one worker's counters with its
pid, so the bench asks until every worker has answered. Sync workers serve one request at a
time, so the cache counters' change across a request belongs to that request.

`/<slug>/__bench/floor` (this app only) is the least a signed-in page does: the session
cookie, the person's session, institution and membership in one statement, the tenant made
active, and a few bytes answered, no query or template of its own. The mix loads it as its
own kind, so the results show the floor under which no signed-in page can go there.
"""

from __future__ import annotations

import json
import os
import time

from careercenter import create_app
from careercenter.readiness import cache


class Instrumented:
    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app
        self.kinds: dict[str, dict] = {}

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == "/__bench/stats":
            body = json.dumps({"pid": os.getpid(), "kinds": self.kinds}).encode()
            start_response(
                "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
            )
            return [body]
        kind = environ.get("HTTP_X_BENCH_KIND")
        if not kind:
            return self.wsgi_app(environ, start_response)
        hits, misses = cache.stats.hits, cache.stats.misses
        started = time.perf_counter()
        chunks = self.wsgi_app(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        seconds = time.perf_counter() - started
        row = self.kinds.setdefault(
            kind,
            {"count": 0, "seconds": 0.0, "hits": 0, "misses": 0, "warm": 0, "warm_seconds": 0.0},
        )
        row["count"] += 1
        row["seconds"] += seconds
        row["hits"] += cache.stats.hits - hits
        row["misses"] += cache.stats.misses - misses
        if cache.stats.misses == misses:  # every lookup of this request hit
            row["warm"] += 1
            row["warm_seconds"] += seconds
        return [body]


def floor() -> str:
    """Answer a signed-in member of the institution: the floor of every signed-in page."""
    return "signed in"


def instrument(flask_app) -> Instrumented:
    """Add the floor page to `flask_app` and time it as the mix serves it."""
    flask_app.add_url_rule("/<slug>/__bench/floor", "bench_floor", floor)
    return Instrumented(flask_app)


app = instrument(create_app())
