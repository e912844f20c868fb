"""The app as the term-time mix serves it (bench only): per kind of request, the time in the
app, the worker's whole time, and readiness-cache hits and misses, counted in each worker.

The mix names each measured request's kind in an `X-Bench-Kind` header (warm-up requests
carry none and are not counted); `GET /__bench/stats` answers one worker's counters with its
pid, so the bench asks until every worker has answered. Sync workers serve one request at a
time, so the cache counters' change across a request belongs to that request.

*In the app*: the WSGI call, as `Instrumented` sees it. *Whole*: what the request costs the
worker (`TimedWorker`, gunicorn's sync worker): parsing it and closing the connection (CPU
time, so the load generator's pace is not counted), the app and writing the answer (wall
time, so a database server's share counts). The mix loads `/ping` among its kinds, so
the baseline's whole cost is measured in the same seconds, on the same busy machine, as every
other kind's.

`/<slug>/__bench/floor` (this app only) is the least a signed-in page does: the session
cookie, the person's session, institution and membership in one statement, the tenant made
active, and a few bytes answered, no query or template of its own. The mix loads it as its
own kind, so the results show the floor under which no signed-in page can go there.
"""

from __future__ import annotations

import json
import os
import time

from gunicorn.workers.sync import SyncWorker

from careercenter import create_app
from careercenter.readiness import cache

_ROW = {"count": 0, "seconds": 0.0, "whole": 0.0, "hits": 0, "misses": 0, "warm": 0}


class Instrumented:
    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app
        self.kinds: dict[str, dict] = {}
        self.last: dict | None = None  # the row of the request being served, for TimedWorker

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
        row = self.kinds.setdefault(kind, {**_ROW, "warm_seconds": 0.0})
        row["count"] += 1
        row["seconds"] += seconds
        row["hits"] += cache.stats.hits - hits
        row["misses"] += cache.stats.misses - misses
        if cache.stats.misses == misses:  # every lookup of this request hit
            row["warm"] += 1
            row["warm_seconds"] += seconds
        self.last = row
        return [body]


class TimedWorker(SyncWorker):
    """Gunicorn's sync worker, adding each measured request's whole cost to its kind's row:
    CPU time to parse it, wall time to serve and answer it, CPU time to close. (Closing
    lingers until the client has read the answer and closed its end, RFC 9112 §9.6: how
    quickly the load generator gets there is its cost, not the server's.)"""

    _marks: tuple[float, float, float] = (0.0, 0.0, 0.0)  # parse CPU, serving wall, CPU after

    def handle(self, listener, client, addr):
        self.wsgi.last = None
        self._accepted_cpu = time.process_time()
        super().handle(listener, client, addr)  # parses, serves, answers, closes
        row = self.wsgi.last
        if row is not None:
            parse, serve, cpu_after = self._marks
            row["whole"] += parse + serve + (time.process_time() - cpu_after)

    def handle_request(self, listener, req, client, addr):
        parse = time.process_time() - self._accepted_cpu  # the request line and headers
        started = time.perf_counter()
        try:
            return super().handle_request(listener, req, client, addr)
        finally:
            self._marks = (parse, time.perf_counter() - started, time.process_time())


def floor() -> str:
    """Answer a signed-in member of the institution: the floor of every signed-in page."""
    return "signed in"


def instrument(flask_app) -> Instrumented:
    """Add the floor page to `flask_app` and time it as the mix serves it."""
    flask_app.add_url_rule("/<slug>/__bench/floor", "bench_floor", floor)
    return Instrumented(flask_app)


app = instrument(create_app())
