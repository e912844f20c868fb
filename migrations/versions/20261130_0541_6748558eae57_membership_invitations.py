"""Membership invitations: pending until accepted, with what the admin typed.

Revision ID: 6748558eae57
Revises: 501a4afc1d1f
Create Date: 2026-11-30 05:40:00

Existing memberships count as accepted when they were created, except those of people who
never set a password: they become pending invitations (no access until accepted), named
as the institution knew them.
"""

import sqlalchemy as sa
from alembic import op

revision = "6748558eae57"
down_revision = "501a4afc1d1f"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invited_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("invited_email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("declined_at", sa.DateTime(timezone=True), nullable=True))

    op.execute(
        "UPDATE memberships SET "
        "invited_name = (SELECT users.name FROM users WHERE users.id = memberships.user_id), "
        "invited_email = (SELECT users.email FROM users WHERE users.id = memberships.user_id)"
    )
    op.execute(
        "UPDATE memberships SET accepted_at = created_at WHERE NOT (active AND user_id IN "
        "(SELECT users.id FROM users WHERE users.password_hash IS NULL))"
    )
    op.execute("UPDATE memberships SET active = false WHERE accepted_at IS NULL")


def downgrade():
    # Without the columns a pending invitation is an active membership again (the old
    # behaviour) and a declined one is no membership at all.
    op.execute("DELETE FROM memberships WHERE declined_at IS NOT NULL")
    op.execute("UPDATE memberships SET active = true WHERE accepted_at IS NULL")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_column("declined_at")
        batch_op.drop_column("accepted_at")
        batch_op.drop_column("invited_email")
        batch_op.drop_column("invited_name")
