"""notifications: each member's notifications, and their choice of delivery per kind

Revision ID: c1379113e82d
Revises: 5b0c8e2a9d41
Create Date: 2026-11-30 08:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c1379113e82d"
down_revision = "5b0c8e2a9d41"
branch_labels = None
depends_on = None

KINDS = ("submitted", "claimed", "published", "overdue", "replied")
DELIVERIES = ("email", "in_app", "digest")


def _kind():
    return sa.Enum(*KINDS, name="notification_kind", native_enum=False)


def _delivery():
    return sa.Enum(*DELIVERIES, name="notification_delivery", native_enum=False)


def upgrade():
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("kind", _kind(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("delivery", _delivery(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("digested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name="fk_notifications_institution_id_institutions",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id", "institution_id"],
            ["memberships.id", "memberships.institution_id"],
            name="fk_notifications_recipient_id_institution_id_memberships",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id", "institution_id"],
            ["plans.id", "plans.institution_id"],
            name="fk_notifications_plan_id_institution_id_plans",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_notifications"),
        sa.UniqueConstraint("id", "institution_id", name="uq_notifications_id_institution_id"),
    )
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.create_index("ix_notifications_institution_id", ["institution_id"], unique=False)
        batch_op.create_index("ix_notifications_plan_id", ["plan_id"], unique=False)
        batch_op.create_index(
            "ix_notifications_recipient_id_read_at", ["recipient_id", "read_at"], unique=False
        )
        batch_op.create_index(
            "ix_notifications_recipient_id_id", ["recipient_id", "id"], unique=False
        )
        batch_op.create_index(
            "ix_notifications_delivery_digested_at", ["delivery", "digested_at"], unique=False
        )

    op.create_table(
        "notification_prefs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("membership_id", sa.Integer(), nullable=False),
        sa.Column("kind", _kind(), nullable=False),
        sa.Column("delivery", _delivery(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name="fk_notification_prefs_institution_id_institutions",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["membership_id", "institution_id"],
            ["memberships.id", "memberships.institution_id"],
            name="fk_notification_prefs_membership_id_institution_id_memberships",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_notification_prefs"),
        sa.UniqueConstraint(
            "membership_id", "kind", name="uq_notification_prefs_membership_id_kind"
        ),
    )
    with op.batch_alter_table("notification_prefs") as batch_op:
        batch_op.create_index(
            "ix_notification_prefs_institution_id", ["institution_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("notification_prefs") as batch_op:
        batch_op.drop_index("ix_notification_prefs_institution_id")
    op.drop_table("notification_prefs")
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.drop_index("ix_notifications_delivery_digested_at")
        batch_op.drop_index("ix_notifications_recipient_id_id")
        batch_op.drop_index("ix_notifications_recipient_id_read_at")
        batch_op.drop_index("ix_notifications_plan_id")
        batch_op.drop_index("ix_notifications_institution_id")
    op.drop_table("notifications")
