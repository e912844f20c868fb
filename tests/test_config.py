"""Configuration: environment overrides, the development secret, SQLite tuned for a server."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest
from sqlalchemy import text

from careercenter import config, create_app
from careercenter.config_checks import EXAMPLE_SECRET_KEY, ConfigError, secret_key_problem
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


# --- Production refuses guessable keys, missing host names and the debugger -------------

EXAMPLE_ENV = Path(__file__).resolve().parent.parent / "deploy" / "careercenter.env.example"


def _example_value(name: str) -> str:
    for line in EXAMPLE_ENV.read_text().splitlines():
        if line.startswith(f"{name}="):
            return line.split("=", 1)[1]
    raise AssertionError(f"{name} missing from {EXAMPLE_ENV.name}")


def _production(monkeypatch, tmp_path, **env):
    """Build a production app from the environment, as gunicorn does."""
    if os.environ.get("TEST_REDIS_URL"):
        monkeypatch.setenv("REDIS_URL", os.environ["TEST_REDIS_URL"])
    for name in ("SECRET_KEY", "SERVER_NAME", "TRUSTED_HOSTS", "BASE_URL", "FLASK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.db'}")
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    monkeypatch.setenv("SERVER_NAME", "careers.example.edu")
    for key, value in env.items():
        if value is None:
            monkeypatch.delenv(key, raising=False)
        else:
            monkeypatch.setenv(key, value)
    return create_app("production")


def test_the_example_secret_key_is_the_one_production_knows():
    assert _example_value("SECRET_KEY") == EXAMPLE_SECRET_KEY


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(EXAMPLE_SECRET_KEY, id="the example"),
        pytest.param(None, id="unset"),
        pytest.param("x", id="one character"),
        pytest.param(secrets.token_urlsafe(16), id="random but 22 bytes"),
        pytest.param("a" * 64, id="one character repeated"),
        pytest.param("ab" * 32, id="two characters repeated"),
        pytest.param("changeme" * 5, id="changeme repeated"),
        pytest.param("Secret-Secret-Secret-Secret-Secret-1", id="secret repeated"),
        pytest.param("test-secret-key-not-for-production", id="the test suite's key"),
        pytest.param("my-password-is-the-default-secret-key", id="obvious words"),
    ],
)
def test_production_refuses_a_guessable_secret_key(monkeypatch, tmp_path, key):
    with pytest.raises(ConfigError, match="SECRET_KEY") as refused:
        _production(monkeypatch, tmp_path, SECRET_KEY=key)
    assert "secrets.token_urlsafe(48)" in str(refused.value)  # says how to make one


def test_generated_keys_are_accepted():
    for _ in range(300):
        for key in (secrets.token_urlsafe(48), secrets.token_urlsafe(24), secrets.token_hex(16)):
            assert secret_key_problem(key) is None, key
    assert secret_key_problem("correct horse battery staple, then 17 more words") is None


def test_a_strong_key_and_a_host_name_start_production(monkeypatch, tmp_path):
    app = _production(monkeypatch, tmp_path, SERVER_NAME="careers.example.edu:8443")
    try:
        assert app.config["TRUSTED_HOSTS"] == ["careers.example.edu"]
        assert app.config["BASE_URL"] == "https://careers.example.edu:8443"
        assert not app.debug
    finally:
        dispose(app)


def test_production_refuses_to_start_without_its_host_names(monkeypatch, tmp_path):
    with pytest.raises(ConfigError, match="SERVER_NAME"):
        _production(monkeypatch, tmp_path, SERVER_NAME=None)


def test_trusted_hosts_come_from_a_comma_separated_list(monkeypatch, tmp_path):
    app = _production(
        monkeypatch, tmp_path, SERVER_NAME=None, TRUSTED_HOSTS="Careers.example.edu, .uni.example"
    )
    try:
        assert app.config["TRUSTED_HOSTS"] == ["careers.example.edu", ".uni.example"]
        assert app.config["BASE_URL"] == "https://careers.example.edu"
        assert app.config["SERVER_NAME"] is None
    finally:
        dispose(app)


def test_production_refuses_a_base_url_on_a_host_it_does_not_answer(monkeypatch, tmp_path):
    with pytest.raises(ConfigError, match="BASE_URL"):
        _production(monkeypatch, tmp_path, BASE_URL="https://old-name.example.edu")


def test_production_refuses_the_debugger(monkeypatch, tmp_path):
    with pytest.raises(ConfigError, match="FLASK_DEBUG"):
        _production(monkeypatch, tmp_path, FLASK_DEBUG="1")


def test_flask_env_is_reported_as_ignored(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("FLASK_ENV", "production")
    monkeypatch.delenv("CAREERCENTER_ENV", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'dev.db'}")
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    app = create_app(None)
    try:
        assert app.config["ENV_NAME"] == "development"
        assert "FLASK_ENV=production is ignored" in caplog.text
        assert "CAREERCENTER_ENV=production" in caplog.text
    finally:
        dispose(app)


def test_development_still_starts_with_no_configuration(monkeypatch, tmp_path):
    for name in ("SECRET_KEY", "SERVER_NAME", "TRUSTED_HOSTS", "CAREERCENTER_ENV", "FLASK_ENV"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'dev.db'}")
    # The real one writes instance/secret_key (tested above); keep the checkout clean.
    monkeypatch.setattr(config, "_instance_secret", lambda _instance: "generated-in-instance")
    app = create_app(None)
    try:
        assert app.config["ENV_NAME"] == "development"
        assert app.config["SECRET_KEY"] == "generated-in-instance"
        assert app.config["TRUSTED_HOSTS"] is None  # any host, as `flask run` users expect
    finally:
        dispose(app)
