"""review queue performance: partial indexes of waiting blueprints, staff by role, a queue version per institution

Revision ID: f7496e2a8a5c
Revises: 3f9a6c2e8b17
Create Date: 2026-11-30 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "f7496e2a8a5c"
down_revision = "3f9a6c2e8b17"
branch_labels = None
depends_on = None

# The queries repeat these literals (plans.models.is_waiting): SQLite uses a partial index
# only when the query's condition matches its own.
WAITING = sa.text("state IN ('submitted', 'in_review')")


def upgrade():
    with op.batch_alter_table("institutions") as batch_op:
        batch_op.add_column(
            sa.Column("review_queue_version", sa.Integer(), server_default="0", nullable=False)
        )
    op.create_index(
        "ix_plans_waiting",
        "plans",
        ["institution_id", "state", "owner_id"],
        sqlite_where=WAITING,
        postgresql_where=WAITING,
    )
    op.create_index(
        "ix_plan_revisions_waiting",
        "plan_revisions",
        ["institution_id", "submitted_at", "id", "state"],
        sqlite_where=WAITING,
        postgresql_where=WAITING,
    )
    op.create_index(
        "ix_memberships_institution_id_role_active",
        "memberships",
        ["institution_id", "role", "active"],
    )


def downgrade():
    op.drop_index("ix_memberships_institution_id_role_active", table_name="memberships")
    op.drop_index("ix_plan_revisions_waiting", table_name="plan_revisions")
    op.drop_index("ix_plans_waiting", table_name="plans")
    with op.batch_alter_table("institutions") as batch_op:
        batch_op.drop_column("review_queue_version")
