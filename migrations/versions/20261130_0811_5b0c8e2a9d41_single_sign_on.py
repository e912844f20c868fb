"""Single sign-on: each institution's identity provider, linked identities, requests in flight

An institution connects one SAML 2.0 or OpenID Connect identity provider (`sso_connections`);
`sso_identities` links what that provider calls a person to their account; `sso_requests`
holds the sign-ins sent and not yet answered (OIDC state, SAML request id), each matched once.
`institutions.sso_required` says passwords are for break-glass admins only.

Revision ID: 5b0c8e2a9d41
Revises: b7c1d2e3f4a5
Create Date: 2026-11-30 08:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "5b0c8e2a9d41"
down_revision = "b7c1d2e3f4a5"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("institutions") as batch_op:
        batch_op.add_column(
            sa.Column("sso_required", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        "sso_connections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("protocol", sa.String(length=8), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("saml_metadata", sa.Text(), nullable=True),
        sa.Column("saml_metadata_url", sa.String(length=500), nullable=True),
        sa.Column("saml_idp_entity_id", sa.String(length=500), nullable=True),
        sa.Column("metadata_fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("metadata_problem", sa.String(length=500), nullable=True),
        sa.Column("oidc_issuer", sa.String(length=500), nullable=True),
        sa.Column("oidc_client_id", sa.String(length=255), nullable=True),
        sa.Column("oidc_client_secret", sa.Text(), nullable=True),
        sa.Column("oidc_discovery", sa.JSON(), nullable=True),
        sa.Column("id_attribute", sa.String(length=100), nullable=False),
        sa.Column("name_attribute", sa.String(length=100), nullable=False),
        sa.Column("newcomers", sa.String(length=16), nullable=False),
        sa.Column("affiliation_scope", sa.String(length=200), nullable=False),
        sa.Column("email_domains", sa.String(length=500), nullable=False),
        sa.Column("require_sso", sa.Boolean(), nullable=False),
        sa.Column("break_glass", sa.Text(), nullable=False),
        sa.Column("last_test", sa.JSON(), nullable=True),
        sa.Column("last_test_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_sso_connections_institution_id_institutions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_connections")),
        sa.UniqueConstraint("id", "institution_id", name="uq_sso_connections_id_institution_id"),
        sa.UniqueConstraint("institution_id", name=op.f("uq_sso_connections_institution_id")),
    )
    with op.batch_alter_table("sso_connections") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sso_connections_institution_id"), ["institution_id"], unique=False
        )
    op.create_table(
        "sso_identities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_sso_identities_institution_id_institutions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_sso_identities_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_identities")),
        sa.UniqueConstraint("id", "institution_id", name="uq_sso_identities_id_institution_id"),
        sa.UniqueConstraint(
            "institution_id", "subject", name=op.f("uq_sso_identities_institution_id_subject")
        ),
        sa.UniqueConstraint(
            "institution_id", "user_id", name=op.f("uq_sso_identities_institution_id_user_id")
        ),
    )
    with op.batch_alter_table("sso_identities") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sso_identities_institution_id"), ["institution_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_sso_identities_user_id"), ["user_id"], unique=False)
    op.create_table(
        "sso_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("purpose", sa.String(length=8), nullable=False),
        sa.Column("nonce", sa.String(length=100), nullable=True),
        sa.Column("code_verifier", sa.String(length=128), nullable=True),
        sa.Column("next_path", sa.String(length=500), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_sso_requests_institution_id_institutions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_sso_requests_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_requests")),
        sa.UniqueConstraint("id", "institution_id", name="uq_sso_requests_id_institution_id"),
        sa.UniqueConstraint("key", name=op.f("uq_sso_requests_key")),
    )
    with op.batch_alter_table("sso_requests") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sso_requests_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_sso_requests_institution_id"), ["institution_id"], unique=False
        )


def downgrade():
    for table, indexes in (
        ("sso_requests", ["ix_sso_requests_institution_id", "ix_sso_requests_expires_at"]),
        ("sso_identities", ["ix_sso_identities_user_id", "ix_sso_identities_institution_id"]),
        ("sso_connections", ["ix_sso_connections_institution_id"]),
    ):
        with op.batch_alter_table(table) as batch_op:
            for index in indexes:
                batch_op.drop_index(index)
        op.drop_table(table)
    with op.batch_alter_table("institutions") as batch_op:
        batch_op.drop_column("sso_required")
