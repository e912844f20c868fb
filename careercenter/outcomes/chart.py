"""The report's chart as plain numbers for an SVG template: no script, no library.

One row per funnel step; in each, one bar per group compared (approved blueprint or not), its
length the share of the group's students who reached the step. The table beside it says the
same in words and numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from .report import FUNNEL, Group

LABEL_WIDTH = 300
BAR_SPACE = 300
BAR_HEIGHT = 14
ROW_GAP = 12


@dataclass(frozen=True)
class Bar:
    y: int
    width: int
    share: int
    series: int  # which group: the CSS class picks its colour and pattern
    label: str


@dataclass(frozen=True)
class Row:
    y: int
    label: str
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bar_space: int
    rows: list[Row]
    series: list[str]


def funnel_chart(groups: list[Group]) -> Chart:
    """Return the geometry of one bar per group per step, lengths in proportion to the share."""
    rows = []
    row_height = len(groups) * BAR_HEIGHT + ROW_GAP
    for index, (_key, label) in enumerate(FUNNEL):
        top = index * row_height + ROW_GAP
        bars = [
            Bar(
                y=top + n * BAR_HEIGHT,
                width=round(BAR_SPACE * group.share(index) / 100),
                share=group.share(index),
                series=n,
                label=group.label,
            )
            for n, group in enumerate(groups)
        ]
        rows.append(Row(top, label, bars))
    height = len(FUNNEL) * row_height + ROW_GAP
    return Chart(
        LABEL_WIDTH + BAR_SPACE + 60,
        height,
        LABEL_WIDTH,
        BAR_SPACE,
        rows,
        [g.label for g in groups],
    )
