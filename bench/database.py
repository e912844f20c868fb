"""The bench database: a fresh SQLite file (or a PostgreSQL database named *bench*), migrated
through the app and seeded with volume."""

from __future__ import annotations

import os
from dataclasses import dataclass

from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from careercenter import create_app
from careercenter.config import normalise_database_url
from careercenter.extensions import db

from .volume import FULL, VolumeSpec, seed_volume


@dataclass(frozen=True)
class SeededDatabase:
    """What the load run needs to know about the database, detached from any session."""

    url: str
    description: str
    path_values: dict[str, object]
    rows: dict[str, int]
    spec: VolumeSpec


def database_url(tmp_dir: str) -> str:
    """Return BENCH_DATABASE_URL, or a new SQLite file in `tmp_dir`."""
    url = os.environ.get("BENCH_DATABASE_URL")
    return normalise_database_url(url) if url else f"sqlite:///{tmp_dir}/bench.db"


def reset_database(url: str) -> None:
    """Make `url` empty. PostgreSQL: only a database whose name contains "bench"."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return  # a new file in a new temporary folder
    name = parsed.database or ""
    if "bench" not in name:
        raise SystemExit(
            f"BENCH_DATABASE_URL names database {name!r}; the bench empties its database, so "
            "it only uses one whose name contains 'bench' (e.g. careercenter_bench)."
        )
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not found.first():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = create_engine(parsed)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def prepare(url: str, spec: VolumeSpec = FULL) -> SeededDatabase:
    """Empty the database, run every migration (`flask db upgrade`), seed the volume."""
    reset_database(url)
    app = create_app(
        {"ENV_NAME": "development", "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-seed"}
    )
    try:
        with app.app_context():
            upgrade()
            result = seed_volume(spec)
            gather_statistics()
            values = result.path_values()
            description = _describe(db.engine)
        return SeededDatabase(url, description, values, result.rows, spec)
    finally:
        with app.app_context():
            db.engine.dispose()


def gather_statistics() -> None:
    """Run ANALYZE (PostgreSQL: VACUUM ANALYZE), as autovacuum soon does after bulk loads.

    Without statistics, PostgreSQL plans the freshly seeded tables as if they held one row:
    nested loops that made the cohort dashboard's aggregate take a second instead of 8 ms.
    Without the vacuum, autovacuum starts on the seeded tables during the measurement, and
    the first reads of each new row write its hint bits: a database just loaded, not one
    in use.
    """
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # An engine of its own: the app's sends BEGIN before any statement but a SELECT.
        engine = create_engine(db.engine.url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("VACUUM ANALYZE"))
        engine.dispose()
        return
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def _describe(engine) -> str:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            version = conn.execute(text("select sqlite_version()")).scalar_one()
            return f"SQLite {version} (file in a temporary folder, WAL; ANALYZE after seeding)"
        version = conn.execute(text("show server_version")).scalar_one()
        database = make_url(engine.url).database
        return f"PostgreSQL {version} ({database}; VACUUM ANALYZE after seeding)"
