"""Index audit events by actor, action and time, for views recorded once a day

Revision ID: 501a4afc1d1f
Revises: 91f59daf6ce2
Create Date: 2026-11-30 05:40:00

"""

from alembic import op

revision = "501a4afc1d1f"
down_revision = "91f59daf6ce2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_audit_events_actor_id_action_created_at",
            ["actor_id", "action", "created_at"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_actor_id_action_created_at")
