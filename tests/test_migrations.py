"""Migrations are the schema: upgrade, downgrade, upgrade again, and no drift from the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from careercenter.extensions import db

from .conftest import database_url, dispose, make_app, reset_database


@pytest.fixture
def scratch_app(tmp_path):
    url = database_url(tmp_path, suffix="_migrations")
    reset_database(url)
    app = make_app(url)
    yield app
    dispose(app)


def test_upgrade_downgrade_upgrade_and_no_drift(scratch_app):
    with scratch_app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert set(db.metadata.tables) <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert set(db.metadata.tables) <= set(inspect(db.engine).get_table_names())
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, db.metadata) == []
    result = scratch_app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


def test_single_head_and_dated_file_names(scratch_app):
    with scratch_app.app_context():
        config = scratch_app.extensions["migrate"].migrate.get_config()
        script = ScriptDirectory.from_config(config)
        assert len(script.get_heads()) == 1
        for revision in script.walk_revisions():
            name = revision.path.rsplit("/", 1)[-1]
            assert name[:8].isdigit() and name[8] == "_", name
