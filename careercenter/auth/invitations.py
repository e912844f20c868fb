"""Invitations to an institution: the mailed link and the invited person's answer.

The person is not a member yet, so this runs outside any institution: tenant tables are
read in `unscoped()` and changed inside `tenant_scope()` of the inviting institution.
"""

from __future__ import annotations

from flask import current_app

from ..audit import NOBODY, record
from ..extensions import db
from ..links import external_url
from ..mail import send_mail
from ..tenancy.models import Institution, Membership, utcnow
from ..tenancy.scoping import tenant_scope, unscoped
from .models import User
from .tokens import TokenError, make_token, read_token


def invitation_link(membership: Membership) -> str:
    """Return the signed link that answers this invitation (expires with INVITATION_MAX_AGE)."""
    token = make_token(membership.user, "invitation", mid=membership.id)
    return external_url("accounts.accept_invitation", token=token)


def send_invitation(
    membership: Membership, institution: Institution, invited_by: User | None = None
) -> str:
    """Email the invitation to its person; return the link. Every invitation gets a mail."""
    link = invitation_link(membership)
    days = current_app.config["INVITATION_MAX_AGE"] // (24 * 3600)
    inviter = f"{invited_by.name} has" if invited_by else "You have been"
    if membership.user.has_password:
        how = "Sign in with your Career Center account to accept or decline it here"
    else:
        how = "Choose your password here to accept it"
    greeting = f"Hello {membership.invited_name}," if membership.invited_name else "Hello,"
    send_mail(
        membership.user.email,
        f"You're invited to {institution.name} on Career Center",
        f"{greeting}\n\n{inviter} invited you to {institution.name} on Career Center as "
        f"{membership.role.label.lower()}.\n{how} (the link works for {days} days):\n{link}\n\n"
        "If you do not know this institution, you can decline or ignore this email.",
    )
    return link


def load_invitation(token: str) -> Membership:
    """Return the pending membership a valid invitation token names, or raise `TokenError`."""
    user, payload = read_token(token, "invitation")
    membership_id = payload.get("mid")
    if not isinstance(membership_id, int):
        raise TokenError("This link is not valid. Ask the institution for a new invitation.")
    with unscoped():
        membership = db.session.get(Membership, membership_id)
    if membership is None or membership.user_id != user.id:
        raise TokenError("This link is not valid. Ask the institution for a new invitation.")
    if membership.declined_at is not None:
        raise TokenError("You declined this invitation. The institution can invite you again.")
    if membership.accepted_at is not None:
        raise TokenError("This link has already been used.")
    return membership


def accept(membership: Membership) -> None:
    """Make a pending invitation a membership: the person may now enter the institution."""
    with tenant_scope(membership.institution):
        membership.accepted_at = utcnow()
        membership.active = True
        record("auth.invitation_accepted", membership, actor=membership.user)
        db.session.flush()


def decline(membership: Membership) -> None:
    """Answer no: the invitation gives no access, and the admin sees it was declined.

    The row stays (with only what the admin typed) so the admin sees "Declined" and can
    invite again; no actor is recorded, so the audit log never shows the account's name.
    """
    with tenant_scope(membership.institution):
        membership.declined_at = utcnow()
        membership.active = False
        record("auth.invitation_declined", membership, actor=NOBODY, by="the invited person")
        db.session.flush()
