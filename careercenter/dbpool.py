"""Check a pooled database connection before use only when it has sat idle long enough to
have been dropped.

`pool_pre_ping` pings on every checkout: one more round trip to PostgreSQL in every request
(a sync worker checks out once per request), which the term-time bench measured on every page.
Connections that die in practice are idle ones: a server restart between requests, a firewall
or proxy dropping idle connections. So a connection is pinged when it was returned to the pool
more than `DATABASE_PING_AFTER` seconds ago (default 30); a failed ping raises
`DisconnectionError`, and the pool replaces the connection and tries again, as with
`pool_pre_ping`. A connection found broken in the middle of a request fails that request, and
SQLAlchemy then replaces every connection of the pool. SQLite (a file) needs no ping.
"""

from __future__ import annotations

import time

from flask import Flask
from sqlalchemy import event, exc

CHECKED_IN = "careercenter_checked_in"  # connection record info: monotonic time returned


def ping_idle_connections(app: Flask, engine) -> None:
    """Ping a connection at checkout when it has been idle in the pool too long."""
    idle_limit = float(app.config.get("DATABASE_PING_AFTER", 30))
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def note_return(_dbapi_connection, record) -> None:
        if record is not None:
            record.info[CHECKED_IN] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def ping_if_idle(dbapi_connection, record, _proxy) -> None:
        returned = record.info.get(CHECKED_IN)
        if returned is None or time.monotonic() - returned < idle_limit:
            return  # new, or used a moment ago
        try:
            alive = dialect.do_ping(dbapi_connection)
        except Exception as error:  # any driver error: a dead connection
            raise exc.DisconnectionError(str(error)) from error
        if alive is False:
            raise exc.DisconnectionError("the connection did not answer a ping")
