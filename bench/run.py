"""`make bench`: seed a volume database, serve it under gunicorn, load it with wrk, report;
then the term-time mix and the writers on that database and on PostgreSQL.

Environment (all optional):
  BENCH_DURATION=10  BENCH_WARMUP=2  BENCH_CONNECTIONS=8  BENCH_THREADS=1   (load)
  BENCH_WORKERS=2  BENCH_WORKER_CLASS=sync  BENCH_GUNICORN_THREADS=1         (server)
  BENCH_DATABASE_URL=postgresql://…/careercenter_bench   (default: SQLite in a temp folder)
  BENCH_VOLUME=full|tiny   BENCH_RESULTS=path/to/RESULTS.md   BENCH_REDIS_URL=redis://…
  BENCH_POSTGRES_URL=postgresql://…/careercenter_bench ("" skips PostgreSQL)
  BENCH_MIX_DURATION=30  BENCH_MIX_WARMUP=3  BENCH_WRITERS_DURATION=8  BENCH_WRITE_HOLD_MS=20
"""

from __future__ import annotations

import logging
import os
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from careercenter import demo

from . import reports as bench_reports
from . import results, volume
from .client import fetch, sign_in
from .database import database_url, prepare
from .floors import FLOORS, Floor, stricter
from .load import LoadSettings, Measurement, find_wrk, generator_name, measure
from .queries import queries_per_request
from .scenarios import BARE, BASELINE, MIN_BARE_RATIO, SCENARIOS, Scenario
from .server import ServerSettings, gunicorn
from .term import TermTime, judge_term_time, postgres_url, run_term_time
from .term_results import render_term


def _stop_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit so that every `finally` (gunicorn, temp files) runs."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def _say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def run(scenarios: list[Scenario]) -> int:
    """Run the whole benchmark; return the exit status (0 when every target is met)."""
    started, load_at_start = time.monotonic(), os.getloadavg()[0]
    wrk = find_wrk()
    _say(f"load generator: {generator_name(wrk)}")
    load, server = LoadSettings.from_env(), ServerSettings.from_env()
    spec = volume.TINY if os.environ.get("BENCH_VOLUME") == "tiny" else volume.FULL
    logging.getLogger("alembic").setLevel(logging.WARNING)
    terms: list[TermTime] = []
    skipped: list[str] = []
    with tempfile.TemporaryDirectory(prefix="careercenter-bench-") as tmp:
        url = database_url(tmp)
        _say("migrating and seeding the volume database …")
        seeded = prepare(url, spec)
        _say(f"seeded: {seeded.rows}")
        values = seeded.path_values
        queries = queries_per_request(url, [BASELINE, *scenarios], values)
        measured: list[tuple[Scenario, str, Measurement]] = []
        floors: dict[str, Floor] = {}
        with (
            gunicorn(url, server, app="bench.bare:app") as bare_url,
            gunicorn(url, server) as base_url,
        ):
            _say(f"gunicorn ({server.describe()}) at {base_url}")
            cookies = _sign_in_every_role(base_url, scenarios, values["slug"])
            # The baseline first and again last: a busy machine shows up as drift between them.
            for scenario in [BASELINE, *scenarios, BASELINE]:
                path = scenario.url_path(values)
                cookie = cookies.get(scenario.role)
                _check_answer(scenario, path, *fetch(base_url, path, cookie))
                m = _load(scenario, base_url + path, cookie, load, wrk, floors, url, values)
                # wrk counts only 4xx/5xx itself; a page that turned into a redirect (a lost
                # session) shows here, without a Lua callback parsing every response under load.
                if fetch(base_url, path, cookie)[0] != 200:
                    m = replace(m, non2xx=m.non2xx + 1)
                measured.append((scenario, path, m))
                _say(f"  {m.rps:,.0f} req/s, p50 {m.p50_ms:.1f} ms, p99 {m.p99_ms:.1f} ms, "
                     f"{m.non2xx} non-2xx")  # fmt: skip
            rounds = _ping_and_bare(base_url, bare_url, load, wrk)
        bare = [b for _, b in rounds]
        terms.append(run_term_time(url, seeded.description, values["slug"], server, _say))
        pg_url = postgres_url()
        if url.startswith("sqlite") and pg_url:
            try:
                _say("migrating and seeding the PostgreSQL database …")
                pg = prepare(pg_url, spec)
            except Exception as error:  # no server, no rights: say so in the results
                skipped.append(f"the term-time mix on PostgreSQL ({type(error).__name__}: {error})")
            else:
                terms.append(run_term_time(pg_url, pg.description, values["slug"], server, _say))
        elif not pg_url:
            skipped.append("the term-time mix on PostgreSQL (BENCH_POSTGRES_URL is empty)")
        reports_bench = bench_reports.run(url, _say)
    baselines = [m for s, _, m in measured if s is BASELINE]
    reference = {s.name: m.rps for s, _, m in measured}
    reference[BASELINE.name] = sum(m.rps for m in baselines) / len(baselines)
    reference[BARE.name] = sum(m.rps for m in bare) / len(bare)
    outcomes = [results.judge(s, path, m, reference, floors) for s, path, m in measured[:-1]]
    outcomes[0].problems += results.judge(*measured[-1], reference).problems  # the last baseline
    bare_ratio = statistics.median(ping.rps / floor.rps for ping, floor in rounds)
    if bare_ratio < MIN_BARE_RATIO:
        outcomes[0].problems.append(f"{bare_ratio:.2f} < {MIN_BARE_RATIO} × bare Flask")
    for outcome in outcomes:
        outcome.queries = queries.get(outcome.scenario.name)
    for term in terms:
        judge_term_time(term, reference[BASELINE.name], server.workers)
    reports_bench.judge_throughput(reference[BASELINE.name], server.workers)
    text = results.render(
        outcomes,
        baselines,
        seeded,
        server.describe(),
        load,
        time.monotonic() - started,
        floors,
        load_at_start,
        bare=rounds,
        generator=generator_name(wrk),
        extra=[
            *render_term(terms, reference[BASELINE.name], server.workers, skipped),
            "",
            *reports_bench.render().splitlines(),
        ],
        failed_extra=any(t.problems for t in terms)
        or bool(skipped)
        or bool(reports_bench.problems),
    )
    target = Path(os.environ.get("BENCH_RESULTS", results.RESULTS))
    target.write_text(text, encoding="utf-8")
    print(text)
    failed = [o.scenario.name for o in outcomes if not o.passed]
    failed += [f"term-time mix on {t.database}" for t in terms if t.problems] + skipped
    failed += [f"reports: {problem}" for problem in reports_bench.problems]
    _say(f"wrote {target}; " + (f"FAILED: {', '.join(failed)}" if failed else "every target met"))
    return 1 if failed else 0


def _ping_and_bare(base_url, bare_url, load, wrk, rounds: int = 4):
    """Load `/ping` of the app and of a bare Flask app (same gunicorn settings, both up all
    along) in alternating short rounds: side by side, so a busy machine moves both alike."""
    short = replace(load, duration=max(2, load.duration // 3), warmup=1)
    pairs = []
    for n in range(rounds):
        _say(f"/ping of the app and of bare Flask, round {n + 1} of {rounds} …")
        ping = measure(wrk, base_url + BASELINE.path, None, short)
        bare = measure(wrk, bare_url + BARE.path, None, short)
        pairs.append((ping, bare))
        _say(f"  {ping.rps:,.0f} and {bare.rps:,.0f} req/s: {ping.rps / bare.rps:.2f}")
    return pairs


def _load(scenario, target, cookie, load, wrk, floors, url, values) -> Measurement:
    """Load one scenario; time its floor (if any) before and after, the lower median counts."""
    floor = FLOORS[scenario.floor](url, values) if scenario.floor else None
    settings = replace(load, connections=scenario.connections or load.connections)
    _say(f"loading {scenario.name}: {scenario.path} ({settings.connections} conn.) …")
    measurement = measure(wrk, target, cookie, settings)
    if floor is not None:
        again = FLOORS[scenario.floor](url, values)
        floors[scenario.floor] = stricter(floor, again)
        _say(f"floor {floor.name}: median {floor.median_ms:.1f} ms before, "
             f"{again.median_ms:.1f} ms after")  # fmt: skip
    return measurement


def _check_answer(scenario: Scenario, path: str, status: int, _body: str, kind: str) -> None:
    """Stop before loading a page that does not answer as the scenario expects."""
    if status != 200:
        raise SystemExit(f"{scenario.name}: GET {path} answered {status}, not 200")
    if scenario.content_type and not kind.startswith(scenario.content_type):
        raise SystemExit(
            f"{scenario.name}: GET {path} answered {kind}, not {scenario.content_type}"
        )


def _sign_in_every_role(base_url: str, scenarios: list[Scenario], slug: str) -> dict:
    roles = sorted({s.role for s in scenarios if s.role})
    return {role: sign_in(base_url, f"{role}@{slug}.example", demo.DEMO_PASSWORD) for role in roles}


def main() -> None:
    _stop_on_sigterm()
    sys.exit(run(SCENARIOS))


if __name__ == "__main__":
    main()
