"""plan outcomes: what happened after a blueprint (interviews, the hook, the offer)

One row per step a blueprint reached, with who recorded it and when. The interviews' dates
stay in the blueprint's header (plans.first_interview_on, plans.second_interview_on).

Revision ID: b7c1d2e3f4a5
Revises: 3685cc92d0a4
Create Date: 2026-11-30 08:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b7c1d2e3f4a5"
down_revision = "3685cc92d0a4"
branch_labels = None
depends_on = None

STEPS = (
    "first_interview",
    "hook_asked",
    "second_interview",
    "leave_behind",
    "offer_received",
    "offer_accepted",
)


def upgrade():
    op.create_table(
        "plan_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column(
            "step", sa.Enum(*STEPS, name="outcome_step", native_enum=False), nullable=False
        ),
        sa.Column("happened_on", sa.Date(), nullable=True),
        sa.Column("sponsor_agreed", sa.Boolean(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name="fk_plan_outcomes_institution_id_institutions",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id", "institution_id"],
            ["plans.id", "plans.institution_id"],
            name="fk_plan_outcomes_plan_id_institution_id_plans",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id", "institution_id"],
            ["memberships.id", "memberships.institution_id"],
            name="fk_plan_outcomes_recorded_by_id_institution_id_memberships",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_plan_outcomes"),
        sa.UniqueConstraint("plan_id", "step", name="uq_plan_outcomes_plan_id_step"),
    )
    with op.batch_alter_table("plan_outcomes") as batch_op:
        batch_op.create_index("ix_plan_outcomes_institution_id", ["institution_id"], unique=False)
        batch_op.create_index("ix_plan_outcomes_plan_id", ["plan_id"], unique=False)
        batch_op.create_index("ix_plan_outcomes_recorded_by_id", ["recorded_by_id"], unique=False)


def downgrade():
    with op.batch_alter_table("plan_outcomes") as batch_op:
        batch_op.drop_index("ix_plan_outcomes_recorded_by_id")
        batch_op.drop_index("ix_plan_outcomes_plan_id")
        batch_op.drop_index("ix_plan_outcomes_institution_id")
    op.drop_table("plan_outcomes")
