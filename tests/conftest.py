"""Test fixtures: a migrated database, an app under test, factories and helpers.

Data is arranged through a second app instance (`arrange`), so requests made by the test
client never share `g` or the ORM session with the test itself, as in production.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from flask_migrate import upgrade
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

from careercenter import create_app
from careercenter.config import TestConfig, normalise_database_url
from careercenter.extensions import db, limiter
from careercenter.readiness import cache as readiness_cache
from careercenter.reports import cache as reports_cache
from careercenter.reviews import counts as review_counts
from careercenter.reviews import queue_html as review_queue_html
from careercenter.reviews import screen as review_screen
from careercenter.tenancy.scoping import unscoped

from . import factories


def database_url(tmp_dir, suffix: str = "") -> str:
    """Return the test database URL: TEST_DATABASE_URL (PostgreSQL in CI) or a SQLite file."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_dir / f'test{suffix}.db'}"
    url = normalise_database_url(url)
    if suffix:
        parsed = make_url(url)
        url = parsed.set(database=f"{parsed.database}{suffix}").render_as_string(
            hide_password=False
        )
    return url


def reset_database(url: str) -> None:
    """Make `url` an empty database (creating it on PostgreSQL if needed)."""
    from sqlalchemy import create_engine

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database
        for extra in ("", "-wal", "-shm"):
            if path and os.path.exists(path + extra):
                os.remove(path + extra)
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": parsed.database}
        ).first()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()
    engine = create_engine(parsed)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def make_app(url: str, **overrides) -> Flask:
    """Build an app with the test configuration on `url` (and Redis when TEST_REDIS_URL is set)."""
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    redis_url = os.environ.get("TEST_REDIS_URL")
    if redis_url:
        config.update(REDIS_URL=redis_url, RATELIMIT_KEY_PREFIX=f"cc-test-{os.getpid()}")
    config.update(SQLALCHEMY_DATABASE_URI=url, **overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def db_url(tmp_path_factory) -> str:
    url = database_url(tmp_path_factory.mktemp("db"))
    reset_database(url)
    app = make_app(url)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


def dispose(app: Flask) -> None:
    """Close the pooled connections of an app built for a test."""
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def pg_app(db_url):
    """An app on the test database, for tests of PostgreSQL's own behaviour."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: the PostgreSQL pass of .ci/run runs it")
    app = make_app(db_url)
    with app.app_context():
        yield app
    dispose(app)


@pytest.fixture(scope="session")
def _app(db_url, tmp_path_factory) -> Iterator[Flask]:
    app = make_app(db_url, MAIL_OUTBOX=str(tmp_path_factory.mktemp("outbox")))
    yield app
    dispose(app)


@pytest.fixture(scope="session")
def _arrange_app(db_url, tmp_path_factory) -> Iterator[Flask]:
    # Mail that arranging causes (a submission tells the advisors) stays out of instance/.
    app = make_app(db_url, MAIL_OUTBOX=str(tmp_path_factory.mktemp("arrange-outbox")))
    yield app
    dispose(app)


@pytest.fixture
def app(_app, _arrange_app, tmp_path) -> Iterator[Flask]:
    """The app under test; every table is emptied (and the readiness and report caches
    forgotten) after each test."""
    _app.config["MAIL_OUTBOX"] = str(tmp_path / "outbox")
    yield _app
    readiness_cache.clear()
    review_counts.clear()
    review_screen.clear()
    review_queue_html.clear()
    with _app.app_context():
        reports_cache.clear()
    with _arrange_app.app_context():
        db.session.remove()
        _empty_tables()
    with _app.app_context():
        db.session.remove()
    limiter.reset()


def _empty_tables() -> None:
    """Delete every row, children first, and start ids at 1 again.

    On PostgreSQL, DELETE and `setval` take 2 ms where TRUNCATE … RESTART IDENTITY took 130
    (it gives each table new files): over the suite, two and a half minutes of CI.
    """
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            deletes = "; ".join(f'DELETE FROM "{t.name}"' for t in tables)  # noqa: S608 - our tables
            conn.execute(text(deletes))
            restart = ", ".join(f"setval('\"{name}\"', 1, false)" for name in _sequences(conn))
            if restart:
                conn.execute(text(f"SELECT {restart}"))
        else:
            for table in tables:
                conn.execute(table.delete())


_SEQUENCES: list[str] = []


def _sequences(conn) -> list[str]:
    """Return the names of the database's sequences (the tables' ids), read once."""
    if not _SEQUENCES:
        found = conn.execute(text("SELECT relname FROM pg_class WHERE relkind = 'S'"))
        _SEQUENCES.extend(name for (name,) in found)
    return _SEQUENCES


@pytest.fixture
def arrange(_arrange_app, app) -> Iterator[Flask]:
    """An app context (of a separate app instance) for creating and inspecting data.

    Arranging and inspecting is platform-level, across institutions on purpose, so it runs
    `unscoped()`; the factories still create tenant rows inside their institution's scope.
    """
    with _arrange_app.app_context(), unscoped():
        yield _arrange_app
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


class CommandRunner(FlaskCliRunner):
    """Run each command in an app context of its own, as `flask …` does.

    Otherwise a command would run inside the `arrange` context and its `unscoped()`.
    """

    def invoke(self, *args, **kwargs):
        with self.app.app_context():
            return super().invoke(*args, **kwargs)


@pytest.fixture
def runner(app):
    return CommandRunner(app)


class Auth:
    """Sign in and out through the real form."""

    def __init__(self, client):
        self.client = client

    def login(self, email: str, password: str = factories.PASSWORD, **extra):
        return self.client.post("/login", data={"email": email, "password": password, **extra})

    def login_as(self, membership):
        response = self.login(membership.user.email)
        assert response.status_code == 302, "sign-in failed"
        return response

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)


@pytest.fixture
def world(arrange) -> factories.World:
    """Two institutions, each with an admin, an advisor, a student and a cohort."""
    return factories.create_world()


@pytest.fixture
def count_queries(app):
    """Count the SQL statements the app under test executes inside the `with` block."""

    @contextmanager
    def counter() -> Iterator[list[str]]:
        statements: list[str] = []
        with app.app_context():
            engine = db.engine

        def before(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counter


# Folders and modules whose tests are slow (a browser, real PDF renders, the bench volume):
# marked here by path, so a new test there is slow without anyone remembering the marker.
SLOW_FOLDERS = ("/tests/browser/", "/tests/pdf/", "/tests/bench/")
SLOW_NAMES = ("pdf", "leave_behind")  # test modules whose name says they render PDFs


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = item.path.as_posix()
        if any(folder in path for folder in SLOW_FOLDERS) or any(
            name in item.path.name for name in SLOW_NAMES
        ):
            item.add_marker(pytest.mark.slow)
        if "/tests/browser/" in path:
            item.add_marker(pytest.mark.browser)
