"""psycopg cursors that describe their result only when the description is read.

psycopg builds a `Column` object for every column of the result each time
`cursor.description` is read. SQLAlchemy reads it after every statement, but on a statement
it compiled before (every statement a page sends, after the first) it only checks that it
is not None: it keeps the result's columns from the first time. The session check selects
the person, their session, institution and membership, about fifty columns: describing
them showed as a tenth of a signed-in page's CPU time under py-spy on PostgreSQL (a few per
cent, measured). `LazyDescriptionCursor` answers the same columns, each built the first
time it is looked at.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

from psycopg import Column, Cursor
from psycopg.pq import ExecStatus

_TUPLES = (ExecStatus.TUPLES_OK, ExecStatus.SINGLE_TUPLE, ExecStatus.TUPLES_CHUNK)


class _Described:
    """What `psycopg.Column` reads of its cursor, kept from one result (the cursor moves on)."""

    def __init__(self, cursor: Cursor[Any]) -> None:
        self.pgresult = cursor.pgresult
        self.adapters = cursor.adapters
        self._encoding = cursor._encoding


class LazyDescription(Sequence[Column]):
    """The columns of one result, each built on first use, the same as psycopg's list."""

    def __init__(self, cursor: Cursor[Any], count: int) -> None:
        self._source = _Described(cursor)
        self._columns: list[Column | None] = [None] * count

    def __len__(self) -> int:
        return len(self._columns)

    @overload
    def __getitem__(self, index: int) -> Column: ...

    @overload
    def __getitem__(self, index: slice) -> list[Column]: ...

    def __getitem__(self, index: int | slice) -> Column | list[Column]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        column = self._columns[index]
        if column is None:
            position = range(len(self))[index]  # a negative index, or IndexError
            column = self._columns[index] = Column(self._source, position)  # type: ignore[arg-type]
        return column

    def __iter__(self) -> Iterator[Column]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        return list(self) == other if isinstance(other, (list, LazyDescription)) else NotImplemented

    def __repr__(self) -> str:
        return repr(list(self))


class LazyDescriptionCursor(Cursor[Any]):
    """psycopg's client cursor, with a description that costs nothing until it is read."""

    @property
    def description(self) -> LazyDescription | None:  # type: ignore[override]
        res = self.pgresult
        # As psycopg: columns if there are fields, or if the statement said it returned rows.
        if res and (res.nfields or res.status in _TUPLES):
            return LazyDescription(self, res.nfields)
        return None
