"""The reports bench, checked with a tiny volume (`make bench` runs it with 1,000 and 10,000)."""

from __future__ import annotations

from bench import reports
from careercenter.reports import exports


def test_reports_bench_measures_and_judges(db_url, app, monkeypatch):
    monkeypatch.setattr(exports, "BATCH", 10)  # batches at this size too: memory stays flat
    result = reports.run(db_url, say=lambda _: None, sizes=(20, 60), pdf_students=20)
    assert set(result.csv) == {20, 60}
    assert all(seconds > 0 and peak > 0 for seconds, peak in result.csv.values())
    assert result.pdf_ms > 0 and result.floor_ms > 0
    assert result.page[20][0] == result.page[60][0], result.page
    assert result.warm[20][0] == result.warm[60][0] < result.page[60][0], result.warm
    assert result.interleaved is not None and all(ms > 0 for ms in result.interleaved)
    result.judge_throughput(baseline_rps=4_000, workers=2)
    assert "× baseline**" in result.render()
    text = result.render()
    assert "| CSV, read to the end | 60 |" in text and "floor: xhtml2pdf" in text
    assert not [p for p in result.problems if "queries" in p or "memory" in p], result.problems
    print(text)


def test_reports_bench_sees_a_missed_target():
    result = reports.ReportsBench(
        csv={1_000: (0.1, 100_000), 10_000: (1.5, 900_000)},
        pdf_ms=500,
        floor_ms=300,
        pdf_students=1_000,
        page={1_000: (9, 20.0), 10_000: (11, 50.0)},
    )
    result.judge()
    result.interleaved = (5.2, 0.2)  # 2 ÷ (2 ÷ 4,000 + 5 ms) = 364 req/s: 0.09 × baseline
    result.judge_throughput(baseline_rps=4_000, workers=2)
    assert len(result.problems) == 5
    assert "FAILED" in result.render()
