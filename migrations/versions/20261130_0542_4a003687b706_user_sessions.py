"""user sessions: server-side sign-in sessions, ended by sign-out, expiry or idleness

Revision ID: 4a003687b706
Revises: 6748558eae57
Create Date: 2026-11-30 05:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "4a003687b706"
down_revision = "6748558eae57"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "user_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("remember", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_agent", sa.String(length=100), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_user_sessions_user_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_user_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_user_sessions_token_hash"),
    )
    with op.batch_alter_table("user_sessions") as batch_op:
        batch_op.create_index("ix_user_sessions_user_id", ["user_id"], unique=False)
        batch_op.create_index("ix_user_sessions_expires_at", ["expires_at"], unique=False)


def downgrade():
    with op.batch_alter_table("user_sessions") as batch_op:
        batch_op.drop_index("ix_user_sessions_expires_at")
        batch_op.drop_index("ix_user_sessions_user_id")
    op.drop_table("user_sessions")
