"""The term-time part of the bench without gunicorn: forms read like a browser, the mix and
the Python generator against the app on a loopback server, the targets judged."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench import volume
from bench.forms import parse
from bench.instrument import instrument
from bench.load import LoadSettings
from bench.mix import BASELINE, KINDS, KindStats, MixResult, MixSettings, run_mix, server_stats
from bench.pyload import Connection, run_python
from bench.server import ServerSettings, gunicorn
from bench.term import TermTime, equivalent_ratio, judge_term_time, people
from bench.term_results import render_term
from bench.writers import WriterResult

from ..conftest import dispose, make_app
from ..servers import serving


def test_forms_are_read_as_a_browser_submits_them():
    html = """
    <a href="/x/cohorts/3">c</a>
    <form method="post" action="/x/save" id="plan-editor">
      <input type="hidden" name="csrf_token" value="t">
      <input name="title" value="Mine"><input type="checkbox" name="off">
      <input type="checkbox" name="on" value="y" checked>
      <textarea name="note">Hello &amp; bye</textarea>
      <select name="cohort"><option value="1">A</option><option value="2" selected>B</option>
      </select><select name="first"><option value="9">Z</option></select>
      <button type="submit" formaction="/x/submit">Submit</button>
    </form>
    <form method="get" action="/search"><input name="q"></form>"""
    forms, links = parse(html)
    assert links == ["/x/cohorts/3"]
    [form] = forms
    assert form.form_id == "plan-editor" and form.formactions == ["/x/submit"]
    assert form.fields == [
        ("csrf_token", "t"),
        ("title", "Mine"),
        ("on", "y"),
        ("note", "Hello & bye"),
        ("cohort", "2"),
        ("first", "9"),
    ]


def test_a_kind_is_judged_on_its_cost_under_the_mix():
    # /ping at 4,000 req/s on 2 workers costs 0.5 ms; 4.5 ms in the app is 5 ms in all.
    assert equivalent_ratio(4.5, 4000, 2) == pytest.approx(0.1)
    mix = MixResult(10, {k.name: KindStats([0.01] * 10) for k in KINDS}, {}, 2, 1)
    mix.server = {
        "cohort dashboard": {"count": 10, "seconds": 0.1, "hits": 9, "misses": 1},
        "student home": {"count": 10, "seconds": 0.01, "hits": 5, "misses": 5},
    }
    slow = TermTime("PostgreSQL", "postgresql", mix, [WriterResult(1, 100, 0, 10)] * 2)
    judge_term_time(slow, 4000, 2)
    assert any(p.startswith("cohort dashboard") for p in slow.problems)
    assert not any(p.startswith("student home") for p in slow.problems)
    assert any("8 writers reach 1.0" in p for p in slow.problems)
    assert mix.hit_rate() == pytest.approx(14 / 20)
    mix.server["student home"].update(warm=4, warm_seconds=0.002)
    assert mix.split_ms("student home") == (pytest.approx(0.5), pytest.approx(8 / 6))
    scaling = [WriterResult(1, 100, 0, 10), WriterResult(8, 450, 0, 10)]
    sqlite = TermTime("SQLite", "sqlite", mix, scaling)
    judge_term_time(sqlite, 4000, 2)
    assert not any("writers" in p for p in sqlite.problems)  # no target on SQLite


def test_a_kind_is_judged_against_ping_timed_in_the_same_mix():
    mix = MixResult(10, {k.name: KindStats([0.01] * 10) for k in KINDS}, {}, 2, 1)
    mix.server = {
        BASELINE: {"count": 10, "seconds": 0.001, "whole": 0.005, "hits": 0, "misses": 0},
        "cohort dashboard": {"count": 10, "seconds": 0.04, "whole": 0.06, "hits": 1, "misses": 0},
        "student home": {"count": 10, "seconds": 0.02, "whole": 0.025, "hits": 1, "misses": 0},
    }
    # /ping costs its worker 0.5 ms in all under the mix, the dashboard 6 ms: 0.083 of it,
    # although 4 ms in the app plus the wrk baseline's 0.5 ms would have passed (0.11).
    assert mix.ratio("cohort dashboard") == pytest.approx(0.5 / 6)
    assert equivalent_ratio(4, 4000, 2) > 0.1
    term = TermTime("SQLite", "sqlite", mix, [WriterResult(1, 100, 0, 10)] * 2)
    judge_term_time(term, 4000, 2)
    assert [p for p in term.problems if "×" in p] == ["cohort dashboard: 0.08 < 0.1 × baseline"]


def _row(lines: list[str], kind: str) -> list[str]:
    [row] = [line for line in lines if line.startswith(f"| {kind} |")]
    return [cell.strip() for cell in row.strip("|").split("|")]


def test_the_results_show_the_ratio_each_kind_was_judged_on():
    mix = MixResult(10, {k.name: KindStats([0.01] * 10) for k in KINDS}, {}, 2, 1)
    mix.server = {k.name: {"count": 0, "seconds": 0.0, "hits": 0, "misses": 0} for k in KINDS}
    mix.server.update(
        {
            BASELINE: {"count": 10, "seconds": 0.001, "whole": 0.005, "hits": 0, "misses": 0},
            "cohort dashboard": {
                "count": 10,
                "seconds": 0.04,
                "whole": 0.06,
                "hits": 1,
                "misses": 0,
            },
            "student home": {"count": 10, "seconds": 0.01, "hits": 1, "misses": 0},  # not timed
        }
    )
    term = TermTime("SQLite", "sqlite", mix, [WriterResult(1, 100, 0, 10)] * 2)
    lines = render_term([term], 4000, 2, [])
    ratio, estimate = -4, -3  # the columns before "target" and "failed"
    dashboard = _row(lines, "cohort dashboard")
    assert (dashboard[ratio], dashboard[estimate]) == ("0.08", "0.11")
    home = _row(lines, "student home")  # judged on the estimate: shown as its ratio
    assert home[ratio] == home[estimate] == f"{equivalent_ratio(1, 4000, 2):.2f}"


@pytest.mark.slow
def test_the_timed_worker_counts_what_a_whole_request_costs(db_url):
    settings = ServerSettings(workers=1, worker_class="bench.instrument.TimedWorker", threads=1)
    with gunicorn(db_url, settings, app="bench.instrument:app") as url:
        conn = Connection(url)
        for _ in range(3):
            assert conn.request("GET", "/ping", {"X-Bench-Kind": BASELINE})[0] == 200
        conn.close()
        row = server_stats(url, 1)[BASELINE]
    assert row["count"] == 3
    assert row["whole"] > row["seconds"] > 0  # parsing and answering, beyond the app


@pytest.fixture
def served(seeded, app, db_url, tmp_path) -> Iterator[str]:
    """An app of its own (the floor page joins its URL map), instrumented as the bench serves
    it, on a loopback port, with CSRF on as in production (the mix reads its tokens from the
    pages)."""
    bench_app = make_app(db_url, WTF_CSRF_ENABLED=True, MAIL_OUTBOX=str(tmp_path / "outbox"))
    try:
        # One request at a time, like gunicorn's sync workers.
        with serving(instrument(bench_app), threaded=False) as url:
            yield url
    finally:
        dispose(bench_app)


def test_the_mix_reads_writes_and_counts_cache_hits(served, seeded, app, db_url):
    settings = MixSettings(connections=4, students_per_connection=1, advisors=2, warmup=0.5)
    settings.duration = 3
    emails = people(db_url, "northfield")
    mix = run_mix(served, "northfield", settings, workers=1, emails=emails, say=lambda _: None)
    assert mix.total > 0 and mix.writes > 0
    failed = {name: s.failures for name, s in mix.stats.items() if s.failures}
    assert failed == {}
    assert mix.server["cohort dashboard"]["count"] == len(mix.stats["cohort dashboard"].latencies)
    assert mix.hit_rate("cohort dashboard") is not None
    assert mix.server["signed-in floor"]["count"] > 0  # the floor page answered, signed in
    warm, cold = mix.split_ms("cohort dashboard")
    assert (warm or cold) and (warm or 0) + (cold or 0) > 0


def test_the_python_generator_measures_like_wrk(served):
    m = run_python(served + "/ping", None, 1, LoadSettings(1, 0, 2, 1))
    assert m.requests > 0 and m.non2xx == 0 and m.socket_errors == 0
    assert 0 < m.p50_ms <= m.p90_ms <= m.p99_ms


def test_tiny_volume_has_people_to_sign_in(seeded, db_url):
    emails = people(db_url, "northfield")
    assert emails["advisor"][0] == "advisor@northfield.example"
    assert emails["student"][0] == "student@northfield.example"
    assert len(emails["student"]) >= volume.TINY.main.students // 2
