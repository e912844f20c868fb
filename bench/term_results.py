"""The term-time part of bench/RESULTS.md: the mix per kind of request, and the writers."""

from __future__ import annotations

from .mix import KINDS
from .term import MIN_WRITER_SCALING, TermTime, estimated_ratio, judged_ratio


def _pct(value: float | None) -> str:
    return f"{value:.0%}" if value is not None else "—"


def _ms(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else "—"


def _ratio(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "—"


def render_term(terms: list[TermTime], baseline_rps: float, workers: int, skipped: list[str]):
    lines = ["", "## Term-time mix", ""]
    lines.append(
        "16 connections of the Python generator (each request needs the form of the page "
        "before it): advisors load cohort dashboards and their home, students their home, "
        "tick checklist items (done or undo, with evidence), save blueprint drafts and "
        "submit or withdraw them; after each write, the page it redirects to. Each "
        "connection owns its students, and `/ping`, the baseline, is loaded among the others. "
        "*ms in app*: mean time in the app (no queueing); *whole ms*: mean of what a request "
        "cost its worker in all, parse, app, answer and close (`bench/instrument.py`); "
        "*ratio*, judged: the kind's throughput alone at that cost over `/ping`'s at its own, "
        "both timed in the same seconds (`/ping`'s whole ms ÷ the kind's); *÷ wrk /ping*: "
        "the estimate earlier runs were judged on, `workers ÷ (workers ÷ baseline + ms in "
        "app)` ÷ baseline, with the wrk baseline measured minutes before the mix "
        "(`bench/term.py`). *Cache*: "
        "hits over lookups of the readiness cache during that kind's requests; *all hit* and "
        "*a miss*: ms in app of the requests whose every lookup hit, and of the others. "
        "*Signed-in floor*: a page of the bench's app that only signs the person in and "
        "resolves their membership (`bench/instrument.py`), the least any signed-in page costs "
        "under the mix."
    )
    for term in terms:
        mix = term.mix
        lines += [
            "",
            f"### {term.database}",
            "",
            f"{mix.advisors} advisors and {mix.students} students signed in; "
            f"{mix.total:,} requests in {mix.seconds:.0f} s ({mix.total / mix.seconds:,.0f} "
            f"req/s), of which {mix.writes:,} writes ({mix.writes / max(mix.total, 1):.0%}); "
            f"readiness cache hit rate {_pct(mix.hit_rate())}.",
            "",
            "| kind | req/s | share | p50 ms | p90 ms | ms in app | whole ms | all hit | a miss "
            "| cache | ratio | ÷ wrk /ping | target | failed |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
        ]
        for kind in KINDS:
            count = len(mix.stats[kind.name].latencies)
            app_ms = mix.app_ms(kind.name)
            warm, cold = mix.split_ms(kind.name)
            looked = mix.hit_rate(kind.name) is not None  # the kind uses the readiness cache
            estimate = estimated_ratio(mix, kind.name, baseline_rps, workers)
            ratio = judged_ratio(mix, kind.name, baseline_rps, workers)  # as judge_term_time
            target = (
                f"≥ {kind.min_ratio:g} × baseline"
                if kind.min_ratio
                else ("write" if kind.write else "")
            )
            lines.append(
                f"| {kind.name} | {mix.rps(kind.name):,.1f} | {count / max(mix.total, 1):.0%} "
                f"| {mix.p(kind.name, 0.5):.1f} | {mix.p(kind.name, 0.9):.1f} "
                f"| {_ms(app_ms)} | {_ms(mix.whole_ms(kind.name))} "
                f"| {_ms(warm) if looked else '—'} | {_ms(cold) if looked else '—'} "
                f"| {_pct(mix.hit_rate(kind.name) if kind.name in mix.server else None)} "
                f"| {_ratio(ratio)} | {_ratio(estimate)} | {target} "
                f"| {mix.stats[kind.name].failures} |"
            )
        one, many = term.writers[0], term.writers[-1]
        scaling = term.scaling
        target = (
            f"≥ {MIN_WRITER_SCALING:g} × one writer"
            if term.dialect == "postgresql"
            else "none (SQLite has one writer at a time by design)"
        )
        lines += [
            "",
            f"Writers in one institution (`bench/writers.py`): 1 writer {one.per_second:,.1f} "
            f"commits/s, {many.writers} writers {many.per_second:,.1f} commits/s: "
            f"**{scaling or 0:.1f} ×** (target {target}; failed transactions "
            f"{one.failures} and {many.failures}).",
            "",
            "**" + ("PASS" if not term.problems else "FAIL: " + "; ".join(term.problems)) + "**",
        ]
    for reason in skipped:
        lines += ["", f"**Not run: {reason}**"]
    return lines
