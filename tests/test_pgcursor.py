"""PostgreSQL: a result's description is built only when read (careercenter.pgcursor), and
reads the same as psycopg's own, even after the cursor has moved on to another result."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text

from careercenter.extensions import db
from careercenter.pgcursor import LazyDescription, LazyDescriptionCursor

QUERY = "SELECT 1 AS one, 'x'::text AS word, now() AS at"


def _shape(columns) -> list[tuple]:
    return [(c.name, c.type_code, c.internal_size, c.null_ok) for c in columns]


def test_the_app_describes_results_lazily_and_the_same(pg_app):
    raw = db.session.connection().connection.dbapi_connection
    assert raw.cursor_factory is LazyDescriptionCursor
    lazy, plain = raw.cursor(), psycopg.Cursor(raw)
    lazy.execute(QUERY)
    plain.execute(QUERY)
    described, expected = lazy.description, plain.description
    assert isinstance(described, LazyDescription)
    assert described._columns == [None, None, None]  # nothing built until read
    lazy.execute("SELECT 2 AS other")  # the cursor moves on; the first description stays
    assert len(described) == 3
    assert _shape(described) == _shape(expected)
    assert described[-1].name == "at" and [c.name for c in described[1:]] == ["word", "at"]
    with pytest.raises(IndexError):
        described[3]
    assert [c.name for c in lazy.description] == ["other"]
    lazy.execute("CREATE TEMPORARY TABLE described (x int)")
    assert lazy.description is None and plain.description is not None
    db.session.rollback()


def test_sqlalchemy_reads_rows_by_name_through_it(pg_app):
    row = db.session.execute(text(QUERY)).one()
    assert (row.one, row.word) == (1, "x")
    result = db.session.execute(text("SELECT 1 AS a, 2 AS b"))
    assert list(result.keys()) == ["a", "b"]
    db.session.rollback()
