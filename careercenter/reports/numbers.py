"""Report arithmetic as pure functions: percentiles, business time, small-cell suppression.

- `percentile`: linear interpolation between the closest ranks (the "type 7" estimator of
  spreadsheets and NumPy): the median of 1, 2, 3, 4 is 2.5, the 90th percentile of 1..10 is 9.1.
- `business_seconds`: the time between two moments that falls on Monday to Friday in a time
  zone (weekends do not count; holidays are not known). A business day is 24 such hours, so a
  review submitted Friday 17:00 and decided Monday 09:00 took 16 business hours (0.67 days).
- `suppress`: counts from 1 to threshold − 1 are hidden (primary suppression); where a row of
  cells is shown with its total, a lone hidden cell could be computed back from the total, so
  the smallest other cell is hidden too (secondary suppression). A total under the threshold
  is hidden with every cell. Zero is shown: it identifies nobody.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TypeVar

DAY = 86400.0
K = TypeVar("K")


def percentile(values: Sequence[float], share: float) -> float | None:
    """Return the `share` (0–1) percentile of `values` by linear interpolation, None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * min(max(share, 0.0), 1.0)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def business_seconds(start: datetime, end: datetime, zone: tzinfo) -> float:
    """Return the seconds between `start` and `end` that fall on weekdays in `zone`."""
    if end <= start:
        return 0.0
    moment, finish = start.astimezone(zone), end.astimezone(zone)
    total = 0.0
    while moment < finish:
        midnight = datetime(moment.year, moment.month, moment.day, tzinfo=zone)
        stop = min(midnight + timedelta(days=1), finish)  # wall-clock midnight
        if moment.weekday() < 5:  # subtract in UTC: a DST day has 23 or 25 hours
            total += (stop.astimezone(UTC) - moment.astimezone(UTC)).total_seconds()
        moment = stop
    return total


@dataclass(frozen=True)
class Turnaround:
    """Review turnaround over some revisions, in business days."""

    count: int
    median_days: float | None
    p90_days: float | None
    within_target: int
    target_days: int

    @property
    def median_hours(self) -> float | None:
        return None if self.median_days is None else self.median_days * 24

    @property
    def p90_hours(self) -> float | None:
        return None if self.p90_days is None else self.p90_days * 24

    @property
    def share_within(self) -> int | None:
        """Return the percentage decided within the target, None without any decision."""
        return round(100 * self.within_target / self.count) if self.count else None


def turnaround(
    pairs: Sequence[tuple[datetime, datetime]], zone: tzinfo, target_days: int
) -> Turnaround:
    """Summarise (submitted, decided) pairs: median, 90th percentile, decided within target."""
    days = [business_seconds(start, end, zone) / DAY for start, end in pairs]
    return Turnaround(
        count=len(days),
        median_days=percentile(days, 0.5),
        p90_days=percentile(days, 0.9),
        within_target=sum(1 for d in days if d <= target_days),
        target_days=target_days,
    )


SCORE_BANDS = ((0, 19), (20, 39), (40, 59), (60, 79), (80, 100))


def score_band(score: int) -> int:
    """Return the index of the band of SCORE_BANDS that holds `score`."""
    for index, (low, high) in enumerate(SCORE_BANDS):
        if low <= score <= high:
            return index
    return 0 if score < 0 else len(SCORE_BANDS) - 1


def suppress(cells: Mapping[K, int], threshold: int) -> dict[K, int | None]:
    """Return `cells` (one row shown with its total) with small counts hidden as None.

    Primary: 0 < count < threshold. Secondary: if exactly one cell is hidden and the total is
    shown, the smallest remaining cell (a non-zero one first) is hidden with it.
    """
    shown: dict[K, int | None] = dict(cells)
    total = sum(cells.values())
    if 0 < total < threshold:
        return {key: (None if value else 0) for key, value in cells.items()}
    hidden = [key for key, value in cells.items() if 0 < value < threshold]
    for key in hidden:
        shown[key] = None
    if len(hidden) == 1:
        others = [key for key in cells if shown[key] is not None]
        if others:
            partner = min(others, key=lambda key: (cells[key] == 0, cells[key]))
            shown[partner] = None
    return shown


def suppressed_total(cells: Mapping[K, int], threshold: int) -> int | None:
    """Return the total of a row of cells, hidden when it is itself a small cell."""
    total = sum(cells.values())
    return None if 0 < total < threshold else total


def suppression_rule(threshold: int) -> str:
    """Return the sentence a report prints to say how it hid small cells."""
    return (
        f"Counts from 1 to {threshold - 1} are hidden (shown as “<{threshold}”), and where a "
        "total would reveal one hidden count, the next smallest count is hidden as well. "
        f"Shares and statistics over fewer than {threshold} students are not shown."
    )
