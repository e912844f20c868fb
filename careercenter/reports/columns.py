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


_columns: list[Column] = []


def register_column(header: str, fetch: Fetch, order: int = 60) -> None:
    """Add a column headed `header` to the per-student CSV (and the PDF's data, not its table)."""
    if all(c.header != header for c in _columns):
        _columns.append(Column(header, fetch, order))
        _columns.sort(key=lambda c: c.order)


def columns_before() -> list[Column]:
    return [c for c in _columns if c.order < READINESS_ORDER]


def columns_after() -> list[Column]:
    return [c for c in _columns if c.order >= READINESS_ORDER]
