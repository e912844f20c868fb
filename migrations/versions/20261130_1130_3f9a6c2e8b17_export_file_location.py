"""reports: where an export's file lives when it is not in the row (an S3 bucket)

Revision ID: 3f9a6c2e8b17
Revises: 7c1e5a2b9d40
Create Date: 2026-11-30 11:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "3f9a6c2e8b17"
down_revision = "7c1e5a2b9d40"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("exports") as batch_op:
        batch_op.add_column(sa.Column("location", sa.String(length=1024), nullable=True))


def downgrade():
    with op.batch_alter_table("exports") as batch_op:
        batch_op.drop_column("location")
