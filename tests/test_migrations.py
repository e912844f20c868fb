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


def test_invitation_migration_makes_passwordless_members_pending(scratch_app):
    """Members who never set a password become pending invitations; downgrade restores them."""
    from sqlalchemy import text

    with scratch_app.app_context():
        upgrade(revision="91f59daf6ce2")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO institutions (id, slug, name, brand_colour, checklist_weight, "
                    "readiness_version, created_at) VALUES (1, 'n', 'N', '#1f5f8b', 70, 0, "
                    "CURRENT_TIMESTAMP)"
                )
            )
            for uid, password in ((1, "hash"), (2, None), (3, None)):
                conn.execute(
                    text(
                        "INSERT INTO users (id, email, name, password_hash, active, "
                        "credentials_version, created_at) VALUES (:id, :email, :name, :pw, "
                        "true, 1, CURRENT_TIMESTAMP)"
                    ),
                    {"id": uid, "email": f"p{uid}@x.example", "name": f"P {uid}", "pw": password},
                )
                conn.execute(
                    text(
                        "INSERT INTO memberships (id, institution_id, user_id, role, active, "
                        "created_at, version) VALUES (:id, 1, :id, 'student', :active, "
                        "CURRENT_TIMESTAMP, 1)"
                    ),
                    {"id": uid, "active": uid != 3},
                )
            _enrol_first_member(conn)
        upgrade()
        _assert_enrolment_kept()
        query = text(
            "SELECT id, active, accepted_at IS NOT NULL, invited_name, invited_email "
            "FROM memberships ORDER BY id"
        )
        with db.engine.connect() as conn:
            rows = [tuple(row) for row in conn.execute(query)]
        assert [(i, bool(a), bool(ok)) for i, a, ok, _, _ in rows] == [
            (1, True, True),  # signed up: accepted
            (2, False, False),  # invited, no password yet: pending, no access
            (3, False, True),  # deactivated before a password: stays deactivated
        ]
        assert rows[1][3:] == ("P 2", "p2@x.example")
        downgrade(revision="91f59daf6ce2")
        with db.engine.connect() as conn:
            active = conn.execute(text("SELECT active FROM memberships ORDER BY id")).scalars()
            assert [bool(a) for a in active] == [True, True, False]
        _assert_enrolment_kept()


def _enrol_first_member(conn) -> None:
    from sqlalchemy import text

    conn.execute(
        text(
            "INSERT INTO cohorts (id, institution_id, name, term, description, status, "
            "join_enabled, created_at, version) VALUES (1, 1, 'C', 'T', '', 'active', false, "
            "CURRENT_TIMESTAMP, 1)"
        )
    )
    conn.execute(
        text(
            "INSERT INTO cohort_students (id, institution_id, cohort_id, membership_id, "
            "enrolled_at) VALUES (1, 1, 1, 1, CURRENT_TIMESTAMP)"
        )
    )


def _assert_enrolment_kept() -> None:
    """Rebuilding a parent table (SQLite's batch mode) must not cascade-delete its children."""
    from sqlalchemy import text

    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM cohorts")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM cohort_students")).scalar() == 1
