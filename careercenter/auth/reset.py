"""Password-reset requests, answered in the background.

The forgot-password page only queues `mail_reset_link` for whatever address was typed, so
its response takes the same work and time whether or not the address has an account
(security issue #8); the job looks the account up, mails the link and audits the request.
"""

from __future__ import annotations

from ..extensions import db
from ..links import external_url
from ..mail import send_mail
from ..tenancy.scoping import unscoped
from .services import active_memberships, find_user, record_in_each
from .tokens import make_token


def mail_reset_link(email: str, ip: str | None = None) -> None:
    """Mail a reset link if `email` belongs to an active account with a password (a job)."""
    user = find_user(email)
    if user is None or not user.active or not user.has_password:
        return
    # Outside a request the link is built on BASE_URL, never on a Host header someone sent.
    link = external_url("accounts.reset_password", token=make_token(user, "password-reset"))
    send_mail(
        user.email,
        "Reset your Career Center password",
        f"Hello {user.name},\n\nChoose a new password here (the link works once, "
        f"for one hour):\n{link}\n\nIf you did not ask for this, ignore this email.",
    )
    # The request names no institution: audit it in each of the person's (a job has no tenant).
    for event in record_in_each("auth.password_reset_requested", user, active_memberships(user)):
        event.ip = ip
    with unscoped():
        db.session.commit()
