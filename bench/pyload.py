"""A small Python load generator: threads on keep-alive `http.client` connections.

Used when wrk is missing (and cannot be installed), and for the term-time mix, whose
requests depend on the pages before them (forms, CSRF tokens, versions). It costs more CPU
per request than wrk, on the same cores as the server, so its numbers are a little lower;
the report says which generator ran.
"""

from __future__ import annotations

import http.client
import threading
import time
from urllib.parse import urlsplit

from .client import USER_AGENT
from .load import LoadSettings, Measurement


class Connection:
    """One client connection that reconnects when the server closes it (sync workers do)."""

    def __init__(self, base_url: str, timeout: float = 10) -> None:
        parts = urlsplit(base_url)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, headers: dict, body: str | None = None):
        """Send one request; return (status, headers, body text)."""
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(
                    method, path, body=body, headers={"User-Agent": USER_AGENT, **headers}
                )
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.HTTPException, ConnectionError):
                self.close()  # a closed keep-alive connection: retry once on a new one
                if attempt == 2:
                    raise
                continue
            if response.will_close:
                self.close()
            return response.status, response.headers, data.decode(errors="replace")
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, int(share * len(sorted_values)))
    return sorted_values[index]


def run_python(url: str, cookie: str | None, seconds: float, settings: LoadSettings) -> Measurement:
    """Load one URL from `settings.connections` threads for `seconds`; return what wrk would."""
    parts = urlsplit(url)
    base, path = (
        f"{parts.scheme}://{parts.netloc}",
        parts.path + (f"?{parts.query}" if parts.query else ""),
    )
    headers = {"Cookie": cookie} if cookie else {}
    latencies: list[list[float]] = [[] for _ in range(settings.connections)]
    errors = [0] * settings.connections
    non2xx = [0] * settings.connections
    deadline = time.monotonic() + seconds

    def worker(n: int) -> None:
        conn = Connection(base)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status, _, _ = conn.request("GET", path, headers)
            except OSError:
                errors[n] += 1
                continue
            latencies[n].append(time.perf_counter() - started)
            if not 200 <= status < 400:
                non2xx[n] += 1
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(settings.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    every = sorted(x for per in latencies for x in per)
    return Measurement(
        requests=len(every),
        seconds=elapsed,
        non2xx=sum(non2xx),
        socket_errors=sum(errors),
        timeouts=0,
        p50_ms=percentile(every, 0.5) * 1000,
        p90_ms=percentile(every, 0.9) * 1000,
        p99_ms=percentile(every, 0.99) * 1000,
    )
