"""Signed, expiring, single-use tokens for invitations and password resets.

A reset token carries the user's `credentials_version`; setting a password bumps it, so the
token stops working the moment it has been used (or a newer password was set). An
invitation token names its membership instead and is spent once that invitation is
answered (`invitations.load_invitation`), so a password set for one institution's
invitation does not spend another's.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..extensions import db
from .models import User

PURPOSES = {"invitation": "INVITATION_MAX_AGE", "password-reset": "PASSWORD_RESET_MAX_AGE"}
SPENT_BY_NEW_PASSWORD = {"password-reset"}


class TokenError(ValueError):
    """The link is invalid, expired or already used; the message says which."""


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"careercenter.{purpose}")


def make_token(user: User, purpose: str, **extra: Any) -> str:
    """Return a signed token for `purpose` that is valid until the user's next password change."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    payload = {"uid": user.id, "cv": user.credentials_version, **extra}
    return _serializer(purpose).dumps(payload)


def read_token(token: str, purpose: str) -> tuple[User, dict[str, Any]]:
    """Return the user and payload of a valid token, or raise `TokenError`."""
    max_age = current_app.config[PURPOSES[purpose]]
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise TokenError("This link has expired. Ask for a new one.") from exc
    except BadSignature as exc:
        raise TokenError("This link is not valid.") from exc
    user = db.session.get(User, payload.get("uid"))
    if user is None or not user.active:
        raise TokenError("This link is not valid.")
    if purpose in SPENT_BY_NEW_PASSWORD and payload.get("cv") != user.credentials_version:
        raise TokenError("This link has already been used.")
    return user, payload
