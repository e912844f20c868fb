"""reports: small-cell threshold and background threshold per institution, export files

Revision ID: 7c1e5a2b9d40
Revises: e3c7ddfabd33
Create Date: 2026-11-30 08:15:00
"""

import sqlalchemy as sa
from alembic import op

revision = "7c1e5a2b9d40"
down_revision = "e3c7ddfabd33"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("institutions") as batch_op:
        batch_op.add_column(
            sa.Column("report_min_cell", sa.Integer(), server_default="10", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "export_background_threshold",
                sa.Integer(),
                server_default="1000",
                nullable=False,
            )
        )
    op.create_table(
        "exports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "running",
                "done",
                "failed",
                name="export_status",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=120), nullable=False),
        sa.Column("students", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name="fk_exports_institution_id_institutions",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requester_id", "institution_id"],
            ["memberships.id", "memberships.institution_id"],
            name="fk_exports_requester_id_institution_id_memberships",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_exports"),
    )
    with op.batch_alter_table("exports") as batch_op:
        batch_op.create_index("ix_exports_expires_at", ["expires_at"], unique=False)
        batch_op.create_index("ix_exports_institution_id", ["institution_id"], unique=False)
        batch_op.create_index("ix_exports_requester_id", ["requester_id"], unique=False)


def downgrade():
    with op.batch_alter_table("exports") as batch_op:
        batch_op.drop_index("ix_exports_requester_id")
        batch_op.drop_index("ix_exports_institution_id")
        batch_op.drop_index("ix_exports_expires_at")
    op.drop_table("exports")
    with op.batch_alter_table("institutions") as batch_op:
        batch_op.drop_column("export_background_threshold")
        batch_op.drop_column("report_min_cell")
