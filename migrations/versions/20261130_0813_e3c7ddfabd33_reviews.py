"""Advisor review: reviews of revisions, anchored comments and replies, the rubric's
versions, the comment bank, review settings and overdue reminders

Revision ID: e3c7ddfabd33
Revises: c1379113e82d
Create Date: 2026-11-30 08:11:49.603215

"""

from alembic import op
import sqlalchemy as sa

revision = "e3c7ddfabd33"
down_revision = "c1379113e82d"
branch_labels = None
depends_on = None


def upgrade():
    # The review queue reads waiting revisions oldest first.
    with op.batch_alter_table("plan_revisions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_plan_revisions_institution_id_submitted_at",
            ["institution_id", "submitted_at"],
            unique=False,
        )
    op.create_table(
        "review_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_days", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_review_settings_institution_id_institutions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_settings")),
        sa.UniqueConstraint("institution_id", name=op.f("uq_review_settings_institution_id")),
    )
    with op.batch_alter_table("review_settings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_settings_institution_id"), ["institution_id"], unique=False
        )

    op.create_table(
        "rubric_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("levels", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_rubric_versions_institution_id_institutions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rubric_versions")),
        sa.UniqueConstraint("id", "institution_id", name="uq_rubric_versions_id_institution_id"),
        sa.UniqueConstraint(
            "institution_id", "number", name=op.f("uq_rubric_versions_institution_id_number")
        ),
    )
    with op.batch_alter_table("rubric_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rubric_versions_institution_id"), ["institution_id"], unique=False
        )

    op.create_table(
        "comment_bank",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("criterion_key", sa.String(length=40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_comment_bank_institution_id_institutions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id", "institution_id"],
            ["memberships.id", "memberships.institution_id"],
            name=op.f("fk_comment_bank_owner_id_institution_id_memberships"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment_bank")),
    )
    with op.batch_alter_table("comment_bank", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_comment_bank_institution_id"), ["institution_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_comment_bank_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "review_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_review_reminders_institution_id_institutions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["revision_id", "institution_id"],
            ["plan_revisions.id", "plan_revisions.institution_id"],
            name=op.f("fk_review_reminders_revision_id_institution_id_plan_revisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_reminders")),
        sa.UniqueConstraint("revision_id", name=op.f("uq_review_reminders_revision_id")),
    )
    with op.batch_alter_table("review_reminders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_reminders_institution_id"), ["institution_id"], unique=False
        )

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum("draft", "published", name="review_state", native_enum=False),
            nullable=False,
        ),
        sa.Column(
            "decision",
            sa.Enum("approved", "changes_requested", name="review_decision", native_enum=False),
            nullable=True,
        ),
        sa.Column("overall_note", sa.Text(), nullable=False),
        sa.Column("rubric_version_id", sa.Integer(), nullable=True),
        sa.Column("ratings", sa.JSON(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_reviews_institution_id_institutions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id", "institution_id"],
            ["plans.id", "plans.institution_id"],
            name=op.f("fk_reviews_plan_id_institution_id_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id", "institution_id"],
            ["memberships.id", "memberships.institution_id"],
            name=op.f("fk_reviews_reviewer_id_institution_id_memberships"),
        ),
        sa.ForeignKeyConstraint(
            ["revision_id", "institution_id"],
            ["plan_revisions.id", "plan_revisions.institution_id"],
            name=op.f("fk_reviews_revision_id_institution_id_plan_revisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rubric_version_id", "institution_id"],
            ["rubric_versions.id", "rubric_versions.institution_id"],
            name=op.f("fk_reviews_rubric_version_id_institution_id_rubric_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint("id", "institution_id", name="uq_reviews_id_institution_id"),
        sa.UniqueConstraint("revision_id", name=op.f("uq_reviews_revision_id")),
    )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reviews_institution_id"), ["institution_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reviews_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reviews_reviewer_id"), ["reviewer_id"], unique=False)

    op.create_table(
        "review_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("element_id", sa.String(length=80), nullable=False),
        sa.Column("element_label", sa.String(length=200), nullable=False),
        sa.Column("anchored_text", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open", "addressed", "resolved", name="review_comment_status", native_enum=False
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id", "institution_id"],
            ["memberships.id", "memberships.institution_id"],
            name=op.f("fk_review_comments_author_id_institution_id_memberships"),
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_review_comments_institution_id_institutions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id", "institution_id"],
            ["plans.id", "plans.institution_id"],
            name=op.f("fk_review_comments_plan_id_institution_id_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["review_id", "institution_id"],
            ["reviews.id", "reviews.institution_id"],
            name=op.f("fk_review_comments_review_id_institution_id_reviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_comments")),
        sa.UniqueConstraint("id", "institution_id", name="uq_review_comments_id_institution_id"),
    )
    with op.batch_alter_table("review_comments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_comments_institution_id"), ["institution_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_review_comments_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_review_comments_review_id"), ["review_id"], unique=False
        )

    op.create_table(
        "comment_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id", "institution_id"],
            ["memberships.id", "memberships.institution_id"],
            name=op.f("fk_comment_replies_author_id_institution_id_memberships"),
        ),
        sa.ForeignKeyConstraint(
            ["comment_id", "institution_id"],
            ["review_comments.id", "review_comments.institution_id"],
            name=op.f("fk_comment_replies_comment_id_institution_id_review_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_comment_replies_institution_id_institutions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment_replies")),
    )
    with op.batch_alter_table("comment_replies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_comment_replies_comment_id"), ["comment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_comment_replies_institution_id"), ["institution_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("comment_replies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comment_replies_institution_id"))
        batch_op.drop_index(batch_op.f("ix_comment_replies_comment_id"))

    op.drop_table("comment_replies")
    with op.batch_alter_table("review_comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_comments_review_id"))
        batch_op.drop_index(batch_op.f("ix_review_comments_plan_id"))
        batch_op.drop_index(batch_op.f("ix_review_comments_institution_id"))

    op.drop_table("review_comments")
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reviews_reviewer_id"))
        batch_op.drop_index(batch_op.f("ix_reviews_plan_id"))
        batch_op.drop_index(batch_op.f("ix_reviews_institution_id"))

    op.drop_table("reviews")
    with op.batch_alter_table("review_reminders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_reminders_institution_id"))

    op.drop_table("review_reminders")
    with op.batch_alter_table("comment_bank", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comment_bank_owner_id"))
        batch_op.drop_index(batch_op.f("ix_comment_bank_institution_id"))

    op.drop_table("comment_bank")
    with op.batch_alter_table("rubric_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rubric_versions_institution_id"))

    op.drop_table("rubric_versions")
    with op.batch_alter_table("review_settings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_settings_institution_id"))

    op.drop_table("review_settings")
    with op.batch_alter_table("plan_revisions", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_revisions_institution_id_submitted_at")
