"""PostgreSQL: reads run outside a transaction; BEGIN comes before the first write or lock
(careercenter.dbtransactions), and a unit of work still commits or rolls back whole."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from careercenter.dbtransactions import writes_or_locks
from careercenter.extensions import db
from careercenter.tenancy.models import Institution


@pytest.mark.parametrize(
    ("statement", "needs"),
    [
        ("SELECT users.id FROM users WHERE users.id = %(id)s", False),
        ("\n  select 1", False),
        ("SELECT memberships.id FROM memberships FOR UPDATE", True),
        ("SELECT memberships.id FROM memberships FOR NO KEY UPDATE OF memberships", True),
        ("SELECT a.id FROM a FOR SHARE", True),
        ("SELECT a.id FROM a FOR KEY SHARE SKIP LOCKED", True),
        ("SELECT a.forum FROM a WHERE a.fork = 1", False),
        ("INSERT INTO a (x) VALUES (%(x)s) RETURNING a.id", True),
        ("UPDATE a SET x=1", True),
        ("DELETE FROM a", True),
        ("WITH moved AS (DELETE FROM a RETURNING *) SELECT * FROM moved", True),
        ("SAVEPOINT sa_savepoint_1", True),
        ("CREATE TABLE t (x int)", True),
        ("selection", True),
    ],
)
def test_what_needs_a_transaction(statement, needs):
    assert writes_or_locks(statement) is needs


def _status(conn) -> str:
    return conn.connection.dbapi_connection.info.transaction_status.name


def test_reads_open_no_transaction(pg_app):
    with db.engine.connect() as conn:
        conn.execute(text("SELECT 1"))
        conn.execute(select(Institution.id).limit(1))
        assert _status(conn) == "IDLE"
    db.session.execute(select(Institution.id).limit(1))
    assert _status(db.session.connection()) == "IDLE"
    db.session.rollback()


def test_a_unit_of_work_from_its_first_write_commits_or_rolls_back_whole(pg_app):
    with db.engine.connect() as conn:
        conn.execute(text("CREATE TEMPORARY TABLE units (x int)"))
        conn.commit()
        conn.execute(text("SELECT count(*) FROM units"))
        conn.execute(text("INSERT INTO units VALUES (1)"))
        assert _status(conn) == "INTRANS"
        conn.execute(text("INSERT INTO units VALUES (2)"))
        conn.rollback()
        assert conn.execute(text("SELECT count(*) FROM units")).scalar() == 0
        conn.execute(text("INSERT INTO units VALUES (3)"))
        conn.execute(text("INSERT INTO units VALUES (4)"))
        conn.commit()
        assert _status(conn) == "IDLE"
        assert conn.execute(text("SELECT count(*) FROM units")).scalar() == 2
        with pytest.raises(Exception, match="division by zero"):
            conn.execute(text("INSERT INTO units VALUES (5)"))
            conn.execute(text("INSERT INTO units VALUES (1 / 0)"))
        conn.rollback()
        assert conn.execute(text("SELECT count(*) FROM units")).scalar() == 2


def test_a_row_lock_is_held_until_the_end_of_its_transaction(pg_app):
    with db.engine.connect() as conn:
        conn.execute(select(Institution.id).limit(1).with_for_update())
        assert _status(conn) == "INTRANS"
        mine = "SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND mode = :mode"
        locks = conn.execute(text(mine), {"mode": "RowShareLock"}).scalar()
        assert locks >= 1
        conn.rollback()
        assert _status(conn) == "IDLE"


def test_a_streamed_result_gets_the_transaction_its_cursor_needs(pg_app):
    with db.engine.connect() as conn:
        streamed = conn.execution_options(stream_results=True, max_row_buffer=3)
        rows = streamed.execute(text("SELECT generate_series(1, 10)")).scalars().all()
        assert rows == list(range(1, 11))
        conn.rollback()
