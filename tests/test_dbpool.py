"""Pooled connections are pinged at checkout only after sitting idle (careercenter.dbpool)."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from careercenter import dbpool
from careercenter.extensions import db


@pytest.fixture
def engine(tmp_path):
    """A pooled engine on a SQLite file (QueuePool, as for PostgreSQL), pinging after 30 s."""
    engine = create_engine(f"sqlite:///{tmp_path / 'pool.db'}", pool_size=1, max_overflow=0)
    app = Flask(__name__)
    app.config["DATABASE_PING_AFTER"] = 30
    dbpool.ping_idle_connections(app, engine)
    yield engine
    engine.dispose()


@pytest.fixture
def pings(engine, monkeypatch):
    """Record every ping; the test sets whether the connection answers."""
    calls: list[object] = []
    state = {"alive": True}

    def do_ping(dbapi_connection):
        calls.append(dbapi_connection)
        return state["alive"]

    monkeypatch.setattr(engine.dialect, "do_ping", do_ping)
    return calls, state


def _age_pooled_connection(engine, seconds: float) -> None:
    for record in list(engine.pool._pool.queue):
        record.info[dbpool.CHECKED_IN] -= seconds


def _driver_connection(engine):
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
        return conn.connection.dbapi_connection


def test_a_connection_used_a_moment_ago_is_not_pinged(engine, pings):
    calls, _ = pings
    first = _driver_connection(engine)
    assert _driver_connection(engine) is first
    assert calls == []


def test_an_idle_connection_is_pinged_and_kept_when_it_answers(engine, pings):
    calls, _ = pings
    first = _driver_connection(engine)
    _age_pooled_connection(engine, 31)
    assert _driver_connection(engine) is first
    assert calls == [first]


def test_an_idle_connection_that_does_not_answer_is_replaced(engine, pings):
    calls, state = pings
    first = _driver_connection(engine)
    _age_pooled_connection(engine, 31)
    state["alive"] = False
    second = _driver_connection(engine)  # the pool retries with a new connection
    assert second is not first
    assert calls[0] is first


def test_a_ping_that_raises_replaces_the_connection(engine, monkeypatch):
    first = _driver_connection(engine)
    _age_pooled_connection(engine, 31)

    def broken(_dbapi_connection):
        raise OSError("server closed the connection unexpectedly")

    monkeypatch.setattr(engine.dialect, "do_ping", broken)
    assert _driver_connection(engine) is not first


def test_the_app_pings_postgresql_connections_only_when_idle(app):
    """The app's engine uses this check instead of a ping on every checkout."""
    assert not app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("pool_pre_ping")
    with app.app_context():
        engine = db.engine
    listeners = [fn.__name__ for fn in engine.pool.dispatch.checkout]
    # A SQLite file needs no ping; a server's connections do.
    assert ("ping_if_idle" in listeners) is (engine.dialect.name != "sqlite")
