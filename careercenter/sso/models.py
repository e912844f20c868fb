"""An institution's identity provider, the identities it vouches for, and sign-ins in flight."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..extensions import Model
from ..tenancy.models import Institution, TenantMixin, tenant_key, utcnow

SAML = "saml"
OIDC = "oidc"
PROTOCOLS = (SAML, OIDC)

# Newcomers (no membership yet): only people already invited or enrolled, or also anyone the
# identity provider says is a student of the scope (or whose email is in the domains).
INVITED_ONLY = "invited"
STUDENTS_JOIN = "students"


class SsoConnection(TenantMixin, Model):
    """The one identity provider an institution connects, and how its people map in.

    The OIDC client secret is stored encrypted (`crypto.py`); the SAML metadata is the IdP's
    own published XML (public), kept as fetched or pasted.
    """

    __tablename__ = "sso_connections"
    __table_args__ = (UniqueConstraint("institution_id"), tenant_key("sso_connections"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    protocol: Mapped[str] = mapped_column(String(8))
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    saml_metadata: Mapped[str | None] = mapped_column(Text)
    saml_metadata_url: Mapped[str | None] = mapped_column(String(500))
    saml_idp_entity_id: Mapped[str | None] = mapped_column(String(500))
    metadata_fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    metadata_problem: Mapped[str | None] = mapped_column(String(500))
    oidc_issuer: Mapped[str | None] = mapped_column(String(500))
    oidc_client_id: Mapped[str | None] = mapped_column(String(255))
    oidc_client_secret: Mapped[str | None] = mapped_column(Text)
    oidc_discovery: Mapped[dict | None] = mapped_column(JSON)
    # Mapping: empty means the protocol's default (eduPersonPrincipalName then mail; sub).
    id_attribute: Mapped[str] = mapped_column(String(100), default="")
    name_attribute: Mapped[str] = mapped_column(String(100), default="displayName")
    newcomers: Mapped[str] = mapped_column(String(16), default=INVITED_ONLY)
    affiliation_scope: Mapped[str] = mapped_column(String(200), default="")
    email_domains: Mapped[str] = mapped_column(String(500), default="")
    require_sso: Mapped[bool] = mapped_column(Boolean, default=False)
    # Admins who may still sign in with a password when SSO is required: emails, one a line.
    break_glass: Mapped[str] = mapped_column(Text, default="")
    # What the identity provider sent for the admin's last "test connection" sign-in.
    last_test: Mapped[dict | None] = mapped_column(JSON)
    last_test_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)

    institution: Mapped[Institution] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    @property
    def domains(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.email_domains.split() if d.strip()]

    @property
    def break_glass_emails(self) -> set[str]:
        return {e.strip().lower() for e in self.break_glass.split() if e.strip()}

    @property
    def is_ready(self) -> bool:
        """Whether people can sign in through it: switched on and fully described."""
        return self.enabled and self.is_described

    @property
    def is_described(self) -> bool:
        """Whether the IdP is fully described (an admin may test it before switching it on)."""
        if self.protocol == SAML:
            return bool(self.saml_metadata)
        return bool(self.oidc_discovery and self.oidc_client_id and self.oidc_client_secret)


class SsoIdentity(TenantMixin, Model):
    """A person as one institution's identity provider knows them, linked to their account."""

    __tablename__ = "sso_identities"
    __table_args__ = (
        UniqueConstraint("institution_id", "subject"),
        UniqueConstraint("institution_id", "user_id"),
        tenant_key("sso_identities"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(lazy="joined")


class SsoRequest(TenantMixin, Model):
    """A sign-in this app sent to the identity provider and awaits: matched once, then deleted.

    `key` is the OIDC `state` or the SAML AuthnRequest ID (`InResponseTo` must name it), so an
    answer to a request this app never sent, or a second answer to one, finds nothing.
    """

    __tablename__ = "sso_requests"
    __table_args__ = (tenant_key("sso_requests"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    purpose: Mapped[str] = mapped_column(String(8), default="sign_in")  # or "test"
    nonce: Mapped[str | None] = mapped_column(String(100))
    code_verifier: Mapped[str | None] = mapped_column(String(128))
    next_path: Mapped[str] = mapped_column(String(500), default="")
    # The admin who asked to test the connection (purpose "test").
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
