"""Global identities: a person signs in once and may belong to several institutions."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, delete
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import Model, db
from ..tenancy.models import utcnow


class User(UserMixin, Model):
    """A person. Not tenant data: what they may see comes from their memberships.

    No `memberships` relationship on purpose: loading it would mean the current institution's
    one inside a tenant and every institution's under `unscoped()`. Platform code asks
    `auth.services.active_memberships(user)`; tenant code queries `Membership`.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped whenever the password changes, so old sessions and reset links stop working.
    credentials_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    # The token of the sign-in session this request runs in (set by `auth.sessions`); not a
    # column, so not annotated where SQLAlchemy would read the annotation.
    if TYPE_CHECKING:
        session_token: str | None = None
    else:
        session_token = None

    def get_id(self) -> str:
        """Return the identity Flask-Login keeps in the session and remember cookies."""
        return f"{self.id}:{self.session_token}"

    def set_password(self, password: str) -> None:
        """Hash and store a new password with the configured slow KDF; end every session."""
        method = current_app.config["PASSWORD_HASH_METHOD"]
        self.password_hash = generate_password_hash(password, method=method)
        self.credentials_version = (self.credentials_version or 0) + 1
        if self.id is not None:
            # Whoever knew the old password is signed out everywhere; the caller signs the
            # person in afresh where they changed it.
            db.session.execute(delete(UserSession).where(UserSession.user_id == self.id))

    def check_password(self, password: str) -> bool:
        """Return whether `password` matches (always False before a password is set)."""
        return self.password_hash is not None and check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class UserSession(Model):
    """One sign-in on one device: ended by signing out, expiry, idleness or a password change.

    Not tenant data: a person's session spans their institutions. Only a SHA-256 digest of
    the token kept in the signed cookies is stored, so a copy of the table signs no one in.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    remember: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    user_agent: Mapped[str] = mapped_column(String(100), default="")
    ip: Mapped[str | None] = mapped_column(String(64))
