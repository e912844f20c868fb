"""Secrets at rest: Fernet with a key derived from the app's SECRET_KEY (HKDF-SHA256).

Changing SECRET_KEY makes stored client secrets unreadable: the settings page then asks the
admin to enter the secret again (`reveal` returns None), rather than failing sign-in obscurely.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

_INFO = b"careercenter sso client secrets v1"


def _fernet() -> Fernet:
    secret = current_app.config["SECRET_KEY"]
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        secret.encode() if isinstance(secret, str) else secret
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal(plain: str) -> str:
    """Return `plain` encrypted and authenticated, as text for a column."""
    return _fernet().encrypt(plain.encode()).decode()


def reveal(sealed: str | None) -> str | None:
    """Return the secret `seal` made, or None when it is missing or the key has changed."""
    if not sealed:
        return None
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken:
        return None
