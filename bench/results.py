"""Judge each scenario against its targets and write bench/RESULTS.md."""

from __future__ import annotations

import os
import platform
import statistics
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .database import SeededDatabase
from .floors import Floor
from .load import LoadSettings, Measurement
from .scenarios import Scenario

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


@dataclass
class Outcome:
    scenario: Scenario
    path: str
    measurement: Measurement
    queries: int | None = None
    ratio: float | None = None  # throughput ÷ that of `compare_to`
    floor_ratio: float | None = None  # median latency ÷ the floor's median
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def judge(
    scenario: Scenario,
    path: str,
    m: Measurement,
    reference_rps: dict[str, float],
    floors: dict[str, Floor] | None = None,
) -> Outcome:
    """Compare one measurement with its scenario's targets (`reference_rps`: req/s by name,
    at the run's concurrency; `floors`: the floors measured in this run, by name)."""
    outcome = Outcome(scenario, path, m)
    if not m.clean:
        outcome.problems.append(
            f"{m.non2xx} non-2xx, {m.socket_errors} socket errors, {m.timeouts} timeouts"
        )
    reference = reference_rps.get(scenario.compare_to)
    same_load = scenario.connections is None  # ratios only between the same concurrency
    if scenario.name != scenario.compare_to and reference and same_load:
        outcome.ratio = m.rps / reference
        if scenario.min_ratio is not None and outcome.ratio < scenario.min_ratio:
            outcome.problems.append(f"ratio {outcome.ratio:.2f} < {scenario.min_ratio}")
    if scenario.min_rps is not None and m.rps < scenario.min_rps:
        outcome.problems.append(f"{m.rps:.0f} req/s < {scenario.min_rps:.0f}")
    if scenario.floor is not None:
        floor = (floors or {}).get(scenario.floor)
        if floor is None:
            outcome.problems.append(f"floor {scenario.floor!r} was not measured")
        else:
            outcome.floor_ratio = m.p50_ms / floor.median_ms
            limit = scenario.max_p50_ratio
            if limit is not None and outcome.floor_ratio > limit:
                outcome.problems.append(f"p50 {outcome.floor_ratio:.2f} × floor > {limit:g}")
            ceiling = scenario.max_floor_ms
            if ceiling is not None and floor.median_ms > ceiling:
                outcome.problems.append(f"floor {floor.median_ms:.0f} ms > {ceiling:g} ms")
    return outcome


def cpu_model() -> str:
    """Return the CPU model name from /proc/cpuinfo, or the platform's best guess."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _target(outcome: Outcome) -> str:
    s = outcome.scenario
    parts = []
    if s.min_ratio is not None:
        parts.append(f"≥ {s.min_ratio:g} × {s.compare_to}")
    if s.min_rps is not None:
        parts.append(f"≥ {s.min_rps:g} req/s")
    if s.floor is not None and s.max_p50_ratio is not None:
        parts.append(f"p50 ≤ {s.max_p50_ratio:g} × {s.floor}")
    if s.floor is not None and s.max_floor_ms is not None:
        parts.append(f"floor ≤ {s.max_floor_ms:g} ms")
    return ", ".join(parts) or "all 2xx"


def render(
    outcomes: list[Outcome],
    baselines: list[Measurement],
    db: SeededDatabase,
    server: str,
    load: LoadSettings,
    seconds: float,
    floors: dict[str, Floor] | None = None,
    load_at_start: float | None = None,
    bare: list[tuple[Measurement, Measurement]] | None = None,
    generator: str = "wrk",
    extra: list[str] | None = None,
    failed_extra: bool = False,
) -> str:
    """Return the RESULTS.md text (`extra`: the term-time section, `failed_extra`: it failed)."""
    passed = all(o.passed for o in outcomes) and not failed_extra
    bare_rps = sum(b.rps for _, b in bare) / len(bare) if bare else None
    lines = [
        "# Benchmark results",
        "",
        f"Produced by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC "
        f"in {seconds:.0f} s: **{'PASS' if passed else 'FAIL'}**.",
        "",
        "| | |",
        "|---|---|",
        f"| machine | {os.cpu_count()} cores, {cpu_model()}; load average "
        + (f"{load_at_start:.1f} at the start, " if load_at_start is not None else "")
        + f"{os.getloadavg()[0]:.1f} at the end of the run |",
        f"| Python | {platform.python_version()} ({platform.system()} {platform.release()}) |",
        f"| database | {db.description} |",
        f"| server | gunicorn, production config, {server}, 127.0.0.1 |",
        f"| load | {load.describe(generator)}, loopback only, same machine as the server |",
        "",
        "## Volume",
        "",
        f"Main institution (`{db.path_values['slug']}`, the one under load): "
        f"{_size(db.spec.main)} on top of its demo data; the other institution: "
        f"{_size(db.spec.other)}. Active volume cohorts have a 12-item checklist, the largest "
        "also a short overdue one; students' progress and blueprints spread over every status "
        "and state (`bench/profiles.py`). Rows in the database:",
        "",
        "| table | rows |",
        "|---|---:|",
        *[f"| {table} | {count:,} |" for table, count in db.rows.items()],
        "",
        "## Scenarios",
        "",
        "| scenario | role | path | conn. | req/s | p50 ms | p90 ms | p99 ms | non-2xx "
        "| SQL/request | ratio | ÷ bare | target | result |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    if bare:
        m = max((b for _, b in bare), key=lambda b: b.rps)
        lines.append(
            f"| bare Flask (best round) | anonymous | `/ping` | {load.connections} "
            f"| {m.rps:,.0f} | {m.p50_ms:.1f} | {m.p90_ms:.1f} | {m.p99_ms:.1f} | {m.non2xx} "
            "| 0 | — | — | floor | — |"
        )
    for o in outcomes:
        m = o.measurement
        ratio = _ratio(o)
        queries = str(o.queries) if o.queries is not None else "—"
        verdict = "PASS" if o.passed else "FAIL: " + "; ".join(o.problems)
        conns = o.scenario.connections or load.connections
        lines.append(
            f"| {o.scenario.name} | {o.scenario.role or 'anonymous'} | `{o.path}` | {conns} "
            f"| {m.rps:,.0f} | {m.p50_ms:.1f} | {m.p90_ms:.1f} | {m.p99_ms:.1f} | {m.non2xx} "
            f"| {queries} | {ratio} | {_over(m, o, bare_rps)} | {_target(o)} | {verdict} |"
        )
    first, last = baselines[0].rps, baselines[-1].rps
    drift = abs(first - last) / max(first, last, 1)
    lines += [
        "",
        "The baseline is `/ping`: the same app, middleware and security headers, no session and",
        "no database. It is loaded first and again last; ratios use the mean of the two "
        f"({(first + last) / 2:,.0f} req/s; first {first:,.0f}, last {last:,.0f}, "
        f"drift {drift:.0%}).",
        "The load generator shares the cores with the server (and with whatever else runs on",
        "the machine), so absolute numbers vary from run to run; ratios are steadier.",
    ]
    if bare:
        ratios = [p.rps / b.rps for p, b in bare]
        ping_rps = sum(p.rps for p, _ in bare) / len(bare)
        cost = max(0.0, 1 / ping_rps - 1 / bare_rps) * 1e6 * int(_workers(server))
        lines += [
            "",
            "The floor is **bare Flask** (`bench/bare.py`: one route, no extension, same "
            "gunicorn settings), served all along beside the app and loaded in "
            f"{len(bare)} alternating rounds with the app's `/ping`: "
            + ", ".join(f"{p.rps:,.0f} vs {b.rps:,.0f}" for p, b in bare)
            + f" req/s. `/ping` serves **{statistics.median(ratios):.2f}** of it "
            f"(median round; target ≥ 0.85): our middleware costs about {cost:,.0f} µs of a "
            "worker per request. *÷ bare*: each scenario's req/s over bare Flask's mean "
            f"({bare_rps:,.0f} req/s).",
        ]
    for floor in (floors or {}).values():
        lines += [
            "",
            f"Floor **{floor.name}**: median {floor.median_ms:.1f} ms, p90 {floor.p90_ms:.1f} ms "
            f"— {floor.what}. The scenario's ratio is its p50 latency over this median.",
        ]
    busy = max(load_at_start or 0.0, os.getloadavg()[0])
    if busy > (os.cpu_count() or 1) * 0.75:
        lines += [
            "",
            f"**The machine was busy (load average up to {busy:.1f} on {os.cpu_count()} cores): "
            "absolute numbers are low and noisy; compare ratios within this run only.**",
        ]
    if drift > 0.25:
        lines.append("")
        lines.append(
            "**The baseline moved by more than 25% during the run: the machine was busy with "
            "other work, so these ratios are unreliable; run again on a quiet machine.**"
        )
    lines += extra or []
    lines.append("")
    return "\n".join(lines)


def _workers(server: str) -> str:
    first = server.split()[0]
    return first if first.isdigit() else "1"


def _over(m: Measurement, outcome: Outcome, bare_rps: float | None) -> str:
    if not bare_rps or outcome.scenario.connections is not None:
        return "—"
    return f"{m.rps / bare_rps:.2f}"


def _ratio(outcome: Outcome) -> str:
    if outcome.floor_ratio is not None:
        return f"{outcome.floor_ratio:.2f} × floor (p50)"
    return f"{outcome.ratio:.2f}" if outcome.ratio is not None else "—"


def _size(size) -> str:
    return (
        f"{size.students:,} students, {size.advisors} advisors, {size.cohorts} cohorts "
        f"(the largest has {size.big_cohort} students)"
    )
