"""PostgreSQL: a unit of work's transaction begins at its first write or lock, not its first read.

psycopg opens a transaction with a round trip of its own (`BEGIN`) before the first statement
of a unit of work, and the pool ends it with another (`ROLLBACK`) when the request hands the
connection back: three round trips for a page that reads once, under every signed-in page.
Under READ COMMITTED (PostgreSQL's default, and ours) each statement reads its own snapshot
whether a transaction is open or not, so a read needs none.

So the engine's connections are in autocommit (`isolation_level="AUTOCOMMIT"`, set by
`config.py`), and `BEGIN` is sent just before the first statement that writes or locks:
anything but a plain SELECT (INSERT, UPDATE, DELETE, DDL, SAVEPOINT), a SELECT … FOR
UPDATE/SHARE, and a server-side cursor (its DECLARE needs a transaction). That statement and
everything after it in the unit of work commit or roll back together, as before: SQLAlchemy
still calls the driver's commit and rollback, and psycopg sends them when a transaction is
open and skips them when none is. SQLite is unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sqlalchemy import event
from sqlalchemy.engine import Engine

# A plain read: one SELECT that takes no row lock (SQLAlchemy compiles exactly these forms).
_READ = re.compile(r"\s*SELECT\b", re.IGNORECASE)
_LOCK = re.compile(r"\bFOR\s+(?:NO\s+KEY\s+)?(?:UPDATE|SHARE|KEY\s+SHARE)\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def writes_or_locks(statement: str) -> bool:
    """Return whether `statement` (SQL as sent) needs an open transaction."""
    return not _READ.match(statement) or _LOCK.search(statement) is not None


def begin_at_first_write(engine: Engine) -> None:
    """Send `BEGIN` on an autocommit connection before a statement that writes or locks."""
    from psycopg.pq import TransactionStatus

    idle = TransactionStatus.IDLE

    @event.listens_for(engine, "before_cursor_execute")
    def begin_if_writing(_conn, cursor, statement, _parameters, _context, _executemany):
        connection = cursor.connection  # psycopg's
        if connection.info.transaction_status != idle:
            return  # a transaction is open (or broken, and its rollback will come)
        if writes_or_locks(statement) or getattr(cursor, "name", None):
            connection.execute("BEGIN")
