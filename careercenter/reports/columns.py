"""Extra columns of the per-student CSV, registered by the capabilities that know them.

A column reads its values for a batch of students in one query: `fetch(membership_ids,
cohort_ids)` returns a value per membership id (missing: an empty cell). Columns ordered
below `READINESS_ORDER` come before the readiness columns, the others after them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

Fetch = Callable[[list[int], list[int]], Mapping[int, object]]
READINESS_ORDER = 50


@dataclass(frozen=True)
class Column:
    header: str
    fetch: Fetch
    order: int
    in_pdf: bool = True  # False: the CSV only (the PDF's table must fit a page's width)


_columns: list[Column] = []


def register_column(header: str, fetch: Fetch, order: int = 60, in_pdf: bool = True) -> None:
    """Add a column headed `header` to the per-student CSV (and the PDF's table unless
    `in_pdf` is false)."""
    if all(c.header != header for c in _columns):
        _columns.append(Column(header, fetch, order, in_pdf))
        _columns.sort(key=lambda c: c.order)


def columns_before(pdf: bool = False) -> list[Column]:
    return [c for c in _columns if c.order < READINESS_ORDER and (c.in_pdf or not pdf)]


def columns_after(pdf: bool = False) -> list[Column]:
    return [c for c in _columns if c.order >= READINESS_ORDER and (c.in_pdf or not pdf)]
