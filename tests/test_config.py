"""Configuration: environment overrides, the development secret, SQLite tuned for a server."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from careercenter import create_app
from careercenter.extensions import db

from .conftest import dispose


def _app(monkeypatch, tmp_path, **env):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cfg.db'}")
    monkeypatch.setenv("SECRET_KEY", "config-test-secret-" + "x" * 20)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return create_app("development")


def test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout(monkeypatch, tmp_path):
    app = _app(monkeypatch, tmp_path)
    try:
        with app.app_context():
            pragma = lambda name: db.session.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") == 5000
    finally:
        dispose(app)


def test_environment_overrides_settings(monkeypatch, tmp_path):
    app = _app(
        monkeypatch,
        tmp_path,
        MAIL_SERVER="smtp.campus.example",
        MAIL_PORT="2525",
        MAIL_USE_TLS="false",
        SECRET_KEY="from-the-environment-" + "x" * 20,
    )
    try:
        assert app.config["MAIL_SERVER"] == "smtp.campus.example"
        assert app.config["MAIL_PORT"] == 2525 and app.config["MAIL_USE_TLS"] is False
        assert app.config["SECRET_KEY"].startswith("from-the-environment-")
    finally:
        dispose(app)


def test_postgres_urls_use_psycopg3(monkeypatch, tmp_path):
    from careercenter.config import normalise_database_url

    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_development_secret_is_generated_once_and_kept(monkeypatch, tmp_path):
    from careercenter.config import _instance_secret

    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = _instance_secret(tmp_path)
    assert len(first) >= 40 and _instance_secret(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_redis_url_moves_rate_limits_to_redis(monkeypatch, tmp_path):
    app = _app(monkeypatch, tmp_path, REDIS_URL="redis://127.0.0.1:6379/14")
    try:
        assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/14"
    finally:
        dispose(app)


@pytest.fixture(autouse=True)
def _restore_limiter(db_url):
    """Apps built here reconfigure the process-wide limiter; rebuild the suite's afterwards."""
    yield
    from .conftest import make_app

    dispose(make_app(db_url))
