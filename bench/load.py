"""Load one URL with wrk from a separate process and read its numbers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .client import USER_AGENT

REPORT_SCRIPT = Path(__file__).resolve().parent / "report.lua"


@dataclass(frozen=True)
class LoadSettings:
    """The same load for every scenario (BENCH_* environment variables override)."""

    duration: int  # seconds measured per scenario
    warmup: int  # seconds of unmeasured load first
    connections: int
    threads: int  # wrk threads; 1 leaves the second core to the server

    @classmethod
    def from_env(cls) -> LoadSettings:
        return cls(
            duration=int(os.environ.get("BENCH_DURATION", "10")),
            warmup=int(os.environ.get("BENCH_WARMUP", "2")),
            connections=int(os.environ.get("BENCH_CONNECTIONS", "8")),
            threads=int(os.environ.get("BENCH_THREADS", "1")),
        )

    def describe(self, generator: str = "wrk") -> str:
        return (
            f"{generator}, {self.connections} connections, {self.threads} thread(s), "
            f"{self.warmup} s warm-up then {self.duration} s measured per scenario"
        )


@dataclass(frozen=True)
class Measurement:
    requests: int
    seconds: float
    non2xx: int
    socket_errors: int
    timeouts: int
    p50_ms: float
    p90_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def clean(self) -> bool:
        """Return whether every response was 2xx and no connection failed."""
        return self.requests > 0 and not (self.non2xx or self.socket_errors or self.timeouts)


def find_wrk(install: bool = True) -> str | None:
    """Return the wrk executable; install Debian's package first when root and missing.

    None: no wrk here, and the bench loads with its Python generator (`bench.pyload`).
    """
    wrk = shutil.which("wrk") or ("/usr/bin/wrk" if os.path.exists("/usr/bin/wrk") else None)
    if wrk is None and install and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
            if subprocess.run(command, env=env, capture_output=True, check=False).returncode:
                break
        wrk = shutil.which("wrk")
    return wrk


def generator_name(wrk: str | None) -> str:
    return "wrk" if wrk else "the Python generator (bench/pyload.py; wrk not installed)"


def run_wrk(wrk: str, url: str, cookie: str | None, seconds: int, settings: LoadSettings):
    """Load `url` for `seconds` and return the measurement."""
    command = [
        wrk,
        f"--threads={settings.threads}",
        f"--connections={settings.connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={REPORT_SCRIPT}",
        "--header",
        f"User-Agent: {USER_AGENT}",
    ]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    done = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 30, check=False
    )
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    data = json.loads(line.removeprefix("BENCH_JSON "))
    return Measurement(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        non2xx=data["non2xx"],
        socket_errors=data["socket_errors"],
        timeouts=data["timeouts"],
        p50_ms=data["p50_us"] / 1000,
        p90_ms=data["p90_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
    )


def measure(wrk: str | None, url: str, cookie: str | None, settings: LoadSettings) -> Measurement:
    """Warm up (unmeasured), then measure, with wrk or else the Python generator."""
    from .pyload import run_python

    def run(seconds: int) -> Measurement:
        if wrk:
            return run_wrk(wrk, url, cookie, seconds, settings)
        return run_python(url, cookie, seconds, settings)

    if settings.warmup > 0:
        run(settings.warmup)
    return run(settings.duration)
