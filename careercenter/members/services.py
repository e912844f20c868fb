"""Member changes: invite, resend, change role, deactivate, reactivate.

Each function checks the rules, changes the session and records the audit event; the view
commits once. Rule violations raise `MemberError` with a message meant for the admin.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask import current_app, url_for
from sqlalchemy import exists, select, update
from sqlalchemy.orm import aliased

from ..actions import Conflict, Refused, check_version
from ..audit import record
from ..auth.account_routes import send_invitation
from ..auth.models import User
from ..auth.services import find_user
from ..cohorts.models import Cohort, CohortAdvisor, CohortStudent
from ..extensions import db
from ..mail import send_mail
from ..tenancy.models import Institution, Membership, Role
from .queries import MemberStatus, active_admin_ids, member_status


class MemberError(Refused):
    """A change the rules do not allow; the message says why, for the admin."""


STALE = (
    "Someone else changed this membership after you opened the page, so nothing was "
    "changed. Check its current state below and try again."
)


@dataclass
class Invitation:
    """A membership created by an invitation, and whether its person still needs a password."""

    membership: Membership
    user: User
    new_account: bool


def normalise_email(email: str) -> str:
    """Return the address as we store it (domain lower-cased), or raise `MemberError`."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise MemberError(f"That email address is not valid: {error}") from error


def existing_membership(user_id: int) -> Membership | None:
    """Return the current institution's membership of `user_id`, active or not."""
    return db.session.execute(
        select(Membership).where(Membership.user_id == user_id)
    ).scalar_one_or_none()


def add_invited_member(email: str, name: str, role: Role) -> Invitation:
    """Create (or reuse) the person and add a membership; refuse people who are already members."""
    email = normalise_email(email)
    user = find_user(email)
    if user is not None:
        current = existing_membership(user.id)
        if current is not None:
            state = "a deactivated member" if not current.active else "already a member"
            hint = " Reactivate them from their page instead." if not current.active else ""
            raise MemberError(f"{user.email} is {state} here, as {current.role.label}.{hint}")
    return add_memberships([(email, name, role)], {} if user is None else {email.lower(): user})[0]


def add_memberships(
    people: list[tuple[str, str, Role]], known_users: dict[str, User]
) -> list[Invitation]:
    """Add memberships for (email, name, role); create users missing from `known_users`.

    `known_users` maps lower-cased emails to existing people, who keep their own name.
    The caller has checked that none of them is a member here yet.
    """
    users = []
    for email, name, _role in people:
        user = known_users.get(email.lower())
        if user is None:
            user = User(email=email, name=name, password_hash=None)
            db.session.add(user)
        users.append(user)
    db.session.flush()
    invitations = []
    for user, (_email, _name, role) in zip(users, people, strict=True):
        new_account = user.email.lower() not in known_users
        membership = Membership(user_id=user.id, role=role, active=True)
        membership.user = user
        db.session.add(membership)
        invitations.append(Invitation(membership, user, new_account))
    db.session.flush()
    for invitation in invitations:
        record(
            "member.invited",
            invitation.membership,
            email=invitation.user.email,
            role=invitation.membership.role.value,
            new_account=invitation.new_account,
        )
    return invitations


def deliver_invitations(
    invitations: list[Invitation], institution: Institution, inviter: User
) -> list[str]:
    """Send each invitation (after commit); return the emails that could not be sent."""
    failed = []
    for invitation in invitations:
        try:
            if invitation.user.has_password:
                _notify_added(invitation, institution, inviter)
            else:
                send_invitation(invitation.user, institution, invitation.membership.role, inviter)
        except (smtplib.SMTPException, OSError):
            current_app.logger.exception("Invitation to %s failed", invitation.user.email)
            failed.append(invitation.user.email)
    return failed


def _notify_added(invitation: Invitation, institution: Institution, inviter: User) -> None:
    """Tell a person who already has a password that they now belong to `institution`."""
    link = url_for("home.index", slug=institution.slug, _external=True)
    role = invitation.membership.role.label.lower()
    send_mail(
        invitation.user.email,
        f"You now have access to {institution.name} on Career Center",
        f"Hello {invitation.user.name},\n\n{inviter.name} added you to {institution.name} on "
        f"Career Center as {role}.\nSign in with your usual password here:\n{link}\n",
    )


def resend_invitation(membership: Membership) -> Invitation:
    """Record a new invitation for a member who has not set a password yet."""
    if member_status(membership) is not MemberStatus.INVITED:
        raise MemberError(
            f"{membership.user.name} has already set a password or is deactivated; "
            "there is no invitation to resend."
        )
    record("member.invitation_resent", membership, email=membership.user.email)
    return Invitation(membership, membership.user, new_account=False)


def change_role(membership: Membership, role: Role, version: int | None, actor: Membership):
    """Give `membership` a new role, keeping at least one active admin.

    Cohort places that belong to the old role go (a former student leaves their cohorts, a
    former advisor stops following theirs); return the names of the cohorts left.
    """
    check_version(membership.version, version, STALE)
    if membership.role is role:
        raise MemberError(f"{membership.user.name} is already {role.label.lower()}.")
    if membership.id == actor.id:
        raise MemberError("You cannot change your own role. Ask another admin to do it.")
    previous = membership.role
    if membership.role is Role.ADMIN and membership.active:
        _update_keeping_an_admin(membership, "change the role of", role=role)
    else:
        membership.role = role
    left = _leave_cohorts_of_role(membership, previous)
    record(
        "member.role_changed",
        membership,
        **{"from": previous.value, "to": role.value},
        cohorts_left=[name for _, name in left] or None,
    )
    return [name for _, name in left]


def _leave_cohorts_of_role(membership: Membership, role: Role) -> list[tuple[int, str]]:
    link = {Role.STUDENT: CohortStudent, Role.ADVISOR: CohortAdvisor}.get(role)
    if link is None:
        return []
    rows = db.session.execute(
        select(link, Cohort.name)
        .join(Cohort, Cohort.id == link.cohort_id)
        .where(link.membership_id == membership.id)
    ).all()
    for row, _name in rows:
        db.session.delete(row)
    return [(row.cohort_id, name) for row, name in rows]


def deactivate(membership: Membership, version: int | None, actor: Membership) -> None:
    """Switch a membership off: the person can no longer enter this institution."""
    check_version(membership.version, version, STALE)
    if membership.id == actor.id:
        raise MemberError("You cannot deactivate yourself. Ask another admin to do it.")
    if not membership.active:
        raise MemberError(f"{membership.user.name} is already deactivated.")
    if membership.role is Role.ADMIN:
        _update_keeping_an_admin(membership, "deactivate", active=False)
    else:
        membership.active = False
    record("member.deactivated", membership, role=membership.role.value)


def reactivate(membership: Membership, version: int | None) -> None:
    """Switch a deactivated membership back on."""
    check_version(membership.version, version, STALE)
    if membership.active:
        raise MemberError(f"{membership.user.name} is already active.")
    membership.active = True
    record("member.reactivated", membership, role=membership.role.value)


def _update_keeping_an_admin(membership: Membership, verb: str, **values) -> None:
    """Apply `values` to an active admin in one UPDATE that matches only while another active
    admin stays, so two admins demoting each other at once never leave none.

    SQLite runs one writer at a time and the UPDATE reads the latest rows; PostgreSQL first
    locks the institution's admin rows, so the second demotion waits for the first and then
    sees it (READ COMMITTED would otherwise let each see the other as still admin).
    """
    loaded = membership.version
    active_admin_ids(lock=True)  # PostgreSQL: wait for any admin change under way here
    other = aliased(Membership)
    another_admin = exists().where(
        other.institution_id == membership.institution_id,
        other.id != membership.id,
        other.role == Role.ADMIN,
        other.active.is_(True),
    )
    changed = db.session.execute(
        update(Membership)
        .where(Membership.id == membership.id, Membership.version == loaded, another_admin)
        .values(version=Membership.version + 1, **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(membership)
    if changed:
        return
    if membership.version != loaded:
        raise Conflict(STALE)
    raise MemberError(
        f"You cannot {verb} the last active admin: invite or promote another admin first."
    )
