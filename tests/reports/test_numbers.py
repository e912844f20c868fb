"""Report arithmetic, computed by hand: percentiles, business time, suppression."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from careercenter.reports.numbers import (
    business_seconds,
    percentile,
    score_band,
    suppress,
    suppressed_total,
    turnaround,
)

HOUR = 3600


def test_percentile_interpolates_between_ranks():
    assert percentile([], 0.5) is None
    assert percentile([7], 0.9) == 7
    assert percentile([4, 1, 3, 2], 0.5) == 2.5
    assert percentile(list(range(1, 11)), 0.9) == pytest.approx(9.1)
    assert percentile([1, 2, 3], 0.5) == 2
    assert percentile([10, 20], 1.0) == 20
    assert percentile([10, 20], 0.0) == 10


def test_business_seconds_skip_weekends():
    friday_5pm = datetime(2026, 11, 27, 17, tzinfo=UTC)
    monday_9am = datetime(2026, 11, 30, 9, tzinfo=UTC)
    assert business_seconds(friday_5pm, monday_9am, UTC) == 16 * HOUR
    # Saturday to Sunday: nothing.
    assert (
        business_seconds(datetime(2026, 11, 28, tzinfo=UTC), monday_9am.replace(hour=0), UTC) == 0
    )
    # Monday to the next Monday: five days.
    start = datetime(2026, 11, 23, 9, tzinfo=UTC)
    assert business_seconds(start, start.replace(day=30), UTC) == 5 * 24 * HOUR
    assert business_seconds(monday_9am, friday_5pm, UTC) == 0  # backwards


def test_business_seconds_follow_the_campus_zone():
    zone = ZoneInfo("America/New_York")
    # Friday 17:00 and Monday 09:00 in New York (UTC−5): the weekend is local.
    start = datetime(2026, 11, 27, 22, tzinfo=UTC)
    end = datetime(2026, 11, 30, 14, tzinfo=UTC)
    assert business_seconds(start, end, zone) == 16 * HOUR
    assert business_seconds(start, end, UTC) == 2 * HOUR + 14 * HOUR


def test_turnaround_median_p90_and_target():
    pairs = [
        (datetime(2026, 11, 20, 17, tzinfo=UTC), datetime(2026, 11, 23, 9, tzinfo=UTC)),  # 16 h
        (datetime(2026, 11, 24, 9, tzinfo=UTC), datetime(2026, 11, 26, 15, tzinfo=UTC)),  # 54 h
    ]
    result = turnaround(pairs, UTC, 2)
    assert result.count == 2
    assert result.median_hours == pytest.approx(35)
    assert result.median_days == pytest.approx(35 / 24)
    assert result.p90_hours == pytest.approx(16 + 0.9 * 38)
    assert (result.within_target, result.share_within) == (1, 50)
    empty = turnaround([], UTC, 2)
    assert (empty.count, empty.median_days, empty.share_within) == (0, None, None)


def test_score_bands():
    assert [score_band(s) for s in (0, 19, 20, 59, 60, 79, 80, 100)] == [0, 0, 1, 2, 3, 3, 4, 4]


def test_suppress_hides_small_cells_and_one_complement():
    assert suppress({"a": 3, "b": 25, "c": 40}, 10) == {"a": None, "b": None, "c": 40}
    # Two small cells hide each other: no complement needed.
    assert suppress({"a": 3, "b": 4, "c": 50}, 10) == {"a": None, "b": None, "c": 50}
    # Zero is shown and never chosen as the complement while a non-zero cell remains.
    assert suppress({"a": 0, "b": 3, "c": 30, "d": 12}, 10) == {
        "a": 0,
        "b": None,
        "c": 30,
        "d": None,
    }
    # Nothing small: nothing hidden.
    assert suppress({"a": 10, "b": 0, "c": 11}, 10) == {"a": 10, "b": 0, "c": 11}
    # The threshold is the institution's.
    assert suppress({"a": 6, "b": 20}, 5) == {"a": 6, "b": 20}


def test_a_small_total_hides_everything():
    cells = {"a": 2, "b": 0, "c": 5}
    assert suppress(cells, 10) == {"a": None, "b": 0, "c": None}
    assert suppressed_total(cells, 10) is None
    assert suppressed_total({"a": 12, "b": 3}, 10) == 15
    assert suppressed_total({"a": 0}, 10) == 0


def test_a_hidden_cell_cannot_be_computed_back():
    cells = {"x": 4, "y": 20, "z": 31}
    shown = suppress(cells, 10)
    total = suppressed_total(cells, 10)
    assert total is not None
    hidden = [k for k, v in shown.items() if v is None]
    assert len(hidden) >= 2  # the total minus the shown cells is a sum of two unknowns
