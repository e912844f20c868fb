"""Readiness versions per cohort and per membership instead of per institution

A student's tick invalidated every cohort of the institution, and every readiness write held
the institution's row lock until commit. Each cohort (its dashboard) and each membership (a
student's home) now counts its own changes.

Revision ID: 3685cc92d0a4
Revises: 545e0c4d097b
Create Date: 2026-11-30 05:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "3685cc92d0a4"
down_revision = "545e0c4d097b"
branch_labels = None
depends_on = None


def upgrade():
    for table in ("cohorts", "memberships"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column("readiness_version", sa.Integer(), server_default="0", nullable=False)
            )
    with op.batch_alter_table("institutions") as batch_op:
        batch_op.drop_column("readiness_version")


def downgrade():
    with op.batch_alter_table("institutions") as batch_op:
        batch_op.add_column(
            sa.Column("readiness_version", sa.Integer(), server_default="0", nullable=False)
        )
    for table in ("memberships", "cohorts"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("readiness_version")
