"""Settings for development, tests and production, each overridable from the environment."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from .config_checks import check_export_storage, check_production, parse_hosts, server_host


class Config:
    """Development defaults: SQLite in instance/, mail to instance/outbox/, memory rate limits."""

    ENV_NAME = "development"
    SECRET_KEY: str | None = None  # development: generated once and kept in instance/
    SQLALCHEMY_DATABASE_URI: str | None = None  # default: sqlite:///instance/careercenter.db
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    DATABASE_PING_AFTER = 30  # seconds idle in the pool before a connection is pinged
    REDIS_URL: str | None = None
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Failed sign-ins: a high cap per address (a campus NAT puts thousands behind one), a tight
    # one per account and address, and a slowdown (never a lockout) for an account attacked
    # from everywhere, whose owner is mailed once per window.
    LOGIN_RATE_LIMIT_IP = "300 per minute"
    LOGIN_RATE_LIMIT_PAIR = "5 per minute"
    LOGIN_FAILURE_WINDOW = timedelta(minutes=15)
    LOGIN_SLOWDOWN_AFTER = 5  # failures of one account in the window before answers slow down
    LOGIN_SLOWDOWN_MAX_SECONDS = 2.0
    LOGIN_ALERT_AFTER = 10  # failures of one account in the window that mail its owner
    # Leave-behind PDFs each person may have rendered (downloads of unchanged, kept PDFs are free).
    PDF_RENDER_RATE_LIMIT = "10 per minute"
    # Every download, kept or rendered: a ceiling per person well above a staff member's reading.
    PDF_DOWNLOAD_RATE_LIMIT = "60 per minute"
    MAX_BLUEPRINTS_PER_STUDENT = 20  # in one institution
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024  # uploads (CSV) stay small
    CSV_IMPORT_MAX_BYTES = 2 * 1024 * 1024  # csvio also checks files that arrive another way
    CSV_IMPORT_MAX_ROWS = 2000  # one cap for every CSV import (members, enrolments)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = timedelta(days=14)  # the server never honours more than 30 days
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    # Server-side sign-in sessions: without remember-me, one ends after this much inactivity
    # and at the latest SESSION_MAX_AGE after sign-in.
    SESSION_IDLE_TIMEOUT = timedelta(hours=2)
    SESSION_MAX_AGE = timedelta(hours=12)
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a KDF name, not a secret
    PASSWORD_MIN_LENGTH = 15  # NIST SP 800-63B rev. 4 for passwords used alone
    INVITATION_MAX_AGE = 7 * 24 * 3600
    PASSWORD_RESET_MAX_AGE = 3600
    MAIL_SERVER: str | None = None
    MAIL_PORT = 587
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = True
    MAIL_SENDER = "Career Center <no-reply@careercenter.example>"
    MAIL_OUTBOX: str | None = None  # default: instance/outbox
    # Background jobs (jobs.py): RQ on REDIS_URL, else this many threads per process.
    JOBS_QUEUE = "careercenter"
    JOBS_THREADS = 2
    JOBS_QUEUE_SIZE = 1000  # waiting jobs per process; past it a job runs in the request
    JOBS_TIMEOUT = 300  # seconds an RQ job may take
    JOBS_EAGER = False  # run each job at once, still in an app context of its own (tests)
    MEMBERS_PER_PAGE = 25
    DEMO_SEED_ALLOWED = True
    PREFERRED_URL_SCHEME = "http"
    BASE_URL: str | None = "http://127.0.0.1:5000"  # for links made outside a request (CLI, jobs)
    # Reverse proxies in front of the app (nginx: 1). Their X-Forwarded-For/-Proto/-Host/-Port
    # are trusted for that many hops; 0 ignores them (direct exposure, or the bench).
    TRUSTED_PROXIES = 0
    # Host names this site answers to (comma-separated in the environment; ".example.edu"
    # matches its subdomains). SERVER_NAME's host is added; any other Host header gets 400.
    TRUSTED_HOSTS: list[str] | None = None
    # Single sign-on (sso/): identity providers are fetched over https only (tests run one on
    # http://127.0.0.1); the SAML SP's key pair, made once in instance/sso/ when not given.
    SSO_ALLOW_HTTP = False
    SSO_SP_KEY_FILE: str | None = None
    SSO_SP_CERT_FILE: str | None = None
    # Report export files (reports/storage.py): in the database (unset, or "database"), or an
    # S3-compatible bucket, "s3://bucket/optional/prefix" (needs `pip install careercenter[s3]`).
    # Credentials: S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY when set, else boto3's usual chain
    # (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, an instance role).
    EXPORT_STORAGE_URL: str | None = None
    S3_ENDPOINT_URL: str | None = None  # MinIO, Ceph, Garage…: its URL; unset: AWS
    S3_REGION: str | None = None  # unset: AWS_REGION / AWS_DEFAULT_REGION, else us-east-1
    S3_ADDRESSING_STYLE: str | None = None  # "path"/"virtual"; unset: path with an endpoint
    S3_ACCESS_KEY_ID: str | None = None
    S3_SECRET_ACCESS_KEY: str | None = None
    S3_CONNECT_TIMEOUT = 5  # seconds; an unreachable store fails the export, never hangs it
    S3_READ_TIMEOUT = 60
    S3_MAX_ATTEMPTS = 3  # botocore's standard retries, transient errors only

    ENV_OVERRIDES = {
        "BASE_URL": "BASE_URL",
        "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
        "SECRET_KEY": "SECRET_KEY",
        "REDIS_URL": "REDIS_URL",
        "MAIL_SERVER": "MAIL_SERVER",
        "MAIL_PORT": "MAIL_PORT",
        "MAIL_USERNAME": "MAIL_USERNAME",
        "MAIL_PASSWORD": "MAIL_PASSWORD",
        "MAIL_SENDER": "MAIL_SENDER",
        "MAIL_USE_TLS": "MAIL_USE_TLS",
        "SERVER_NAME": "SERVER_NAME",
        "TRUSTED_HOSTS": "TRUSTED_HOSTS",
        "TRUSTED_PROXIES": "TRUSTED_PROXIES",
        "LOGIN_RATE_LIMIT_IP": "LOGIN_RATE_LIMIT_IP",
        "SESSION_IDLE_TIMEOUT": "SESSION_IDLE_TIMEOUT",  # seconds
        "PDF_DOWNLOAD_RATE_LIMIT": "PDF_DOWNLOAD_RATE_LIMIT",
        "SSO_SP_KEY_FILE": "SSO_SP_KEY_FILE",
        "SSO_SP_CERT_FILE": "SSO_SP_CERT_FILE",
        "EXPORT_STORAGE_URL": "EXPORT_STORAGE_URL",
        "S3_ENDPOINT_URL": "S3_ENDPOINT_URL",
        "S3_REGION": "S3_REGION",
        "S3_ADDRESSING_STYLE": "S3_ADDRESSING_STYLE",
        "S3_ACCESS_KEY_ID": "S3_ACCESS_KEY_ID",
        "S3_SECRET_ACCESS_KEY": "S3_SECRET_ACCESS_KEY",
    }


class TestConfig(Config):
    """Tests: a database of their own, cheap password hashing, no CSRF unless a test turns it on."""

    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
    WTF_CSRF_ENABLED = False
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 - fast hashing for tests
    RATELIMIT_ENABLED = True
    JOBS_EAGER = True  # the outbox is written before the response returns
    SSO_ALLOW_HTTP = True  # the test identity providers listen on http://127.0.0.1


class ProductionConfig(Config):
    """Production: secure cookies, no demo data; needs a strong SECRET_KEY and its host names.

    `config_checks.check_production` refuses to start otherwise.
    """

    ENV_NAME = "production"
    BASE_URL = None  # default: https://SERVER_NAME (config_checks)
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    DEMO_SEED_ALLOWED = False


CONFIGS = {"development": Config, "test": TestConfig, "production": ProductionConfig}


def load_config(app, config) -> None:
    """Apply a config class or mapping, then the environment, then derived defaults."""
    if config is None or isinstance(config, str):
        name = config or os.environ.get("CAREERCENTER_ENV", "development")
        config = CONFIGS[name]
        _warn_about_flask_env(app, name)
    if isinstance(config, dict):
        base = CONFIGS[config.get("ENV_NAME", "test")]
        app.config.from_object(base)
        app.config.update(config)
    else:
        app.config.from_object(config)
    for env_name, key in Config.ENV_OVERRIDES.items():
        value = os.environ.get(env_name)
        if value and not (isinstance(config, dict) and key in config):
            app.config[key] = _coerce(value, app.config.get(key))
    _derive_defaults(app)


def _coerce(value: str, current):
    if isinstance(current, timedelta):
        return timedelta(seconds=int(value))
    if isinstance(current, bool):
        return value.lower() in {"1", "true", "yes", "on"}
    if isinstance(current, int):
        return int(value)
    return value


def _derive_defaults(app) -> None:
    instance = Path(app.instance_path)
    cfg = app.config
    if not cfg.get("SQLALCHEMY_DATABASE_URI"):
        instance.mkdir(parents=True, exist_ok=True)
        cfg["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'careercenter.db'}"
    cfg["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(cfg["SQLALCHEMY_DATABASE_URI"])
    if cfg["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # Reads outside a transaction, BEGIN before the first write (`dbtransactions`).
        cfg["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "isolation_level": "AUTOCOMMIT",
            **cfg["SQLALCHEMY_ENGINE_OPTIONS"],
        }
    if cfg.get("REDIS_URL") and cfg["RATELIMIT_STORAGE_URI"] == "memory://":
        cfg["RATELIMIT_STORAGE_URI"] = cfg["REDIS_URL"]
    if not cfg.get("MAIL_OUTBOX"):
        cfg["MAIL_OUTBOX"] = str(instance / "outbox")
    cfg["TRUSTED_HOSTS"] = parse_hosts(cfg.get("TRUSTED_HOSTS"))
    check_export_storage(cfg)
    if cfg.get("SERVER_NAME"):
        host = server_host(cfg["SERVER_NAME"])
        if cfg["TRUSTED_HOSTS"] and host not in cfg["TRUSTED_HOSTS"]:
            cfg["TRUSTED_HOSTS"].append(host)
        cfg["TRUSTED_HOSTS"] = cfg["TRUSTED_HOSTS"] or [host]
    if cfg["ENV_NAME"] == "production":
        check_production(cfg)
    elif not cfg.get("SECRET_KEY"):
        cfg["SECRET_KEY"] = _instance_secret(instance)


def _warn_about_flask_env(app, name: str) -> None:
    """Say that FLASK_ENV (removed in Flask 2.3) chooses nothing; CAREERCENTER_ENV does."""
    flask_env = os.environ.get("FLASK_ENV")
    if flask_env and flask_env != name:
        app.logger.warning(
            "FLASK_ENV=%s is ignored (Flask no longer reads it): running the %s configuration. "
            "Set CAREERCENTER_ENV=%s to choose it.",
            flask_env,
            name,
            flask_env,
        )


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written the usual way."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _instance_secret(instance: Path) -> str:
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
