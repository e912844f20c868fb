"""Serve the app under gunicorn with production settings, and always stop it again."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GUNICORN_CONF = REPO / "deploy" / "gunicorn.conf.py"


@dataclass(frozen=True)
class ServerSettings:
    """How gunicorn runs: deploy/gunicorn.conf.py, with these environment overrides."""

    workers: int
    worker_class: str
    threads: int

    @classmethod
    def from_env(cls) -> ServerSettings:
        # sync on 2 cores: one request per process at a time, a new connection each, so the
        # kernel spreads the load over both processes. With gthread, wrk's keep-alive
        # connections stick to whichever process accepted them, and runs came out bimodal
        # (one core or two busy) from one run to the next.
        return cls(
            workers=int(os.environ.get("BENCH_WORKERS", "2")),
            worker_class=os.environ.get("BENCH_WORKER_CLASS", "sync"),
            # gunicorn turns a sync worker with more than one thread into gthread.
            threads=int(os.environ.get("BENCH_GUNICORN_THREADS", "1")),
        )

    def describe(self) -> str:
        threads = f" × {self.threads} threads" if self.worker_class == "gthread" else ""
        return f"{self.workers} {self.worker_class} workers{threads}, access log off"


def free_port() -> int:
    """Return a loopback TCP port that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(database_url: str, port: int, settings: ServerSettings) -> dict[str, str]:
    """Return the environment of a production server on `port` for the bench database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "GUNICORN_"))}
    env.pop("REDIS_URL", None)  # rate-limit storage: memory, unless BENCH_REDIS_URL says Redis
    env.pop("SERVER_NAME", None)  # the bench reaches gunicorn as 127.0.0.1 (TRUSTED_HOSTS)
    if os.environ.get("BENCH_REDIS_URL"):
        env["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
    env.update(
        CAREERCENTER_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(48),  # generated for this run only
        DATABASE_URL=database_url,
        TRUSTED_PROXIES="0",  # wrk talks to gunicorn directly
        TRUSTED_HOSTS="127.0.0.1",  # production refuses to start without its host names
        PDF_DOWNLOAD_RATE_LIMIT="1000000 per minute",  # the bench measures the PDF, not the cap
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(settings.workers),
        GUNICORN_WORKER_CLASS=settings.worker_class,
        GUNICORN_THREADS=str(settings.threads),
        GUNICORN_ACCESSLOG="",  # logging every request would measure the log, not the app
        GUNICORN_MAX_REQUESTS="0",  # no worker recycling in the middle of a measurement
        GUNICORN_LOGLEVEL="warning",
    )
    return env


@contextmanager
def gunicorn(database_url: str, settings: ServerSettings, app: str | None = None) -> Iterator[str]:
    """Start gunicorn, wait until /ping answers, yield its base URL; stop it on the way out.

    `app` serves another WSGI app than the config's (`bench.bare:app`, `bench.instrument:app`).
    """
    port = free_port()
    env = server_environment(database_url, port, settings)
    command = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), *([app] if app else [])]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            _wait_until_ready(process, base_url, log)
            yield base_url
        finally:
            _stop(process)


def _wait_until_ready(process: subprocess.Popen, base_url: str, log, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError("gunicorn exited:\n" + log.read().decode(errors="replace"))
        try:
            with urllib.request.urlopen(base_url + "/ping", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {base_url}/ping within {timeout:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    """Ask the gunicorn master to stop gracefully; kill its process group if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
