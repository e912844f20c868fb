"""plan pdfs: each blueprint's last rendered leave-behind, per working copy and revision

Revision ID: e43adfc0e0b4
Revises: 4a003687b706
Create Date: 2026-11-30 05:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e43adfc0e0b4"
down_revision = "4a003687b706"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "plan_pdfs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("html_digest", sa.String(length=64), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("rendered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name="fk_plan_pdfs_institution_id_institutions",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id", "institution_id"],
            ["plans.id", "plans.institution_id"],
            name="fk_plan_pdfs_plan_id_institution_id_plans",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_plan_pdfs"),
        sa.UniqueConstraint("plan_id", "number", name="uq_plan_pdfs_plan_id_number"),
    )
    with op.batch_alter_table("plan_pdfs") as batch_op:
        batch_op.create_index("ix_plan_pdfs_institution_id", ["institution_id"], unique=False)


def downgrade():
    with op.batch_alter_table("plan_pdfs") as batch_op:
        batch_op.drop_index("ix_plan_pdfs_institution_id")
    op.drop_table("plan_pdfs")
