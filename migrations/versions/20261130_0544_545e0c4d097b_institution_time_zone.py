"""institution time zone: dates follow the campus clock

Revision ID: 545e0c4d097b
Revises: e43adfc0e0b4
Create Date: 2026-11-30 06:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "545e0c4d097b"
down_revision = "e43adfc0e0b4"
branch_labels = None
depends_on = None


def upgrade():
    # Existing institutions keep the UTC dates they have had so far until an admin sets a zone.
    with op.batch_alter_table("institutions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("time_zone", sa.String(length=64), server_default="UTC", nullable=False)
        )


def downgrade():
    # Never copy-and-swap the table on SQLite: with foreign keys on, dropping the old
    # institutions table would cascade-delete every tenant row. SQLite >= 3.35 drops a column.
    with op.batch_alter_table("institutions", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("time_zone")
