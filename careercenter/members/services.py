"""Member changes: invite, resend, withdraw, change role, deactivate, reactivate.

Each function checks the rules, changes the session and records the audit event; the view
commits once. Rule violations raise `MemberError` with a message meant for the admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import aliased

from ..actions import Conflict, Refused, check_version, rowcount
from ..audit import record
from ..auth.invitations import send_invitation
from ..auth.models import User
from ..cohorts.models import Cohort, CohortAdvisor, CohortStudent
from ..extensions import db
from ..tenancy.models import Institution, Membership, Role
from .queries import active_admin_ids


class MemberError(Refused):
    """A change the rules do not allow; the message says why, for the admin."""


STALE = (
    "Someone else changed this membership after you opened the page, so nothing was "
    "changed. Check its current state below and try again."
)


@dataclass
class Invitation:
    """A pending membership and the account it invites (never shown to the admin)."""

    membership: Membership
    user: User


def normalise_email(email: str) -> str:
    """Return the address as we store it (domain lower-cased), or raise `MemberError`."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise MemberError(f"That email address is not valid: {error}") from error


def refusal(email: str, membership: Membership | None) -> str | None:
    """Return why `email` cannot be invited here given its membership, or None if it can.

    Only this institution's own memberships are named: whether the address has an account
    elsewhere never changes the answer. A declined invitation may be sent again.
    """
    if membership is None or membership.declined_at is not None:
        return None
    role = membership.role.label
    if membership.is_pending:
        return (
            f"{email} is already invited here, as {role}. "
            "Resend the invitation from their page instead."
        )
    if not membership.active:
        return (
            f"{email} is a deactivated member here, as {role}. "
            "Reactivate them from their page instead."
        )
    return f"{email} is already a member here, as {role}."


def add_invited_member(email: str, name: str, role: Role) -> Invitation:
    """Invite one person; refuse people who are already members or invited here."""
    email = normalise_email(email)
    return invite_people([(email, name, role)])[0]


def invite_people(people: list[tuple[str, str, Role]]) -> list[Invitation]:
    """Make a pending membership for each (email, name, role), creating missing accounts.

    The same work whether or not an address already has an account (one lookup, one
    membership, one audit event, and later one mail), so neither the answer, the pages nor
    the timing tell the admin which. Raise `MemberError` if one is already here.
    """
    emails = [email.lower() for email, _name, _role in people]
    users = {
        user.email.lower(): user
        for user in db.session.execute(
            select(User).where(func.lower(User.email).in_(emails))
        ).scalars()
    }
    existing = {
        membership.user_id: membership
        for membership in db.session.execute(
            select(Membership).where(Membership.user_id.in_([u.id for u in users.values()]))
        ).scalars()
    }
    for email, name, _role in people:
        if email.lower() not in users:
            users[email.lower()] = User(email=email, name=name, password_hash=None)
            db.session.add(users[email.lower()])
    db.session.flush()
    invitations = []
    for email, name, role in people:
        user = users[email.lower()]
        membership = existing.get(user.id)
        reason = refusal(email, membership)
        if reason:
            raise MemberError(reason)
        if membership is None:
            membership = existing[user.id] = Membership(user_id=user.id)
            membership.user = user
            db.session.add(membership)
        membership.role, membership.active = role, False
        membership.accepted_at, membership.declined_at = None, None
        membership.invited_name, membership.invited_email = name, email
        invitations.append(Invitation(membership, user))
    db.session.flush()
    for invitation in invitations:
        member = invitation.membership
        record("member.invited", member, email=member.invited_email, role=member.role.value)
    return invitations


def deliver_invitations(
    invitations: list[Invitation], institution: Institution, inviter: User
) -> list[Invitation]:
    """Mail each invitation once the change commits (call it inside the change); return them."""
    for invitation in invitations:
        send_invitation(invitation.membership, institution, inviter)
    return invitations


def resend_invitation(membership: Membership) -> Invitation:
    """Send a pending (or declined) invitation again; a declined one becomes pending."""
    if membership.is_accepted:
        raise MemberError(
            f"{membership.display_name} has already accepted their invitation; "
            "there is no invitation to resend."
        )
    again = membership.declined_at is not None
    membership.declined_at = None
    record(
        "member.invitation_resent",
        membership,
        email=membership.invited_email,
        after_decline=True if again else None,
    )
    return Invitation(membership, membership.user)


def withdraw_invitation(membership: Membership, version: int | None) -> str:
    """Take back an invitation not yet accepted: its links stop working. Return the email."""
    check_version(membership.version, version, STALE)
    if membership.is_accepted:
        raise MemberError(
            f"{membership.display_name} has accepted the invitation; deactivate them instead."
        )
    # Only invitations made before they were pending can hold cohort places.
    _leave_cohorts_of_role(membership, Role.STUDENT)
    _leave_cohorts_of_role(membership, Role.ADVISOR)
    record(
        "member.invitation_withdrawn",
        membership,
        email=membership.invited_email,
        name=membership.invited_name,
        role=membership.role.value,
    )
    db.session.delete(membership)
    return membership.invited_email or ""


def change_role(membership: Membership, role: Role, version: int | None, actor: Membership):
    """Give `membership` a new role, keeping at least one active admin.

    Cohort places that belong to the old role go (a former student leaves their cohorts, a
    former advisor stops following theirs); return the names of the cohorts left.
    """
    check_version(membership.version, version, STALE)
    if membership.role is role:
        raise MemberError(f"{membership.display_name} is already {role.label.lower()}.")
    if membership.id == actor.id:
        raise MemberError("You cannot change your own role. Ask another admin to do it.")
    previous = membership.role
    if membership.role is Role.ADMIN and membership.active:
        _update_keeping_an_admin(membership, "change the role of", role=role)
    else:
        membership.role = role
    left = _leave_cohorts_of_role(membership, previous)
    change: dict[str, Any] = {"from": previous.value, "to": role.value}  # "from" is a keyword
    record(
        "member.role_changed",
        membership,
        **change,
        cohorts_left=[name for _, name in left] or None,
    )
    return [name for _, name in left]


def _leave_cohorts_of_role(membership: Membership, role: Role) -> list[tuple[int, str]]:
    links: dict[Role, type[CohortStudent] | type[CohortAdvisor]] = {
        Role.STUDENT: CohortStudent,
        Role.ADVISOR: CohortAdvisor,
    }
    link = links.get(role)
    if link is None:
        return []
    rows = db.session.execute(
        select(link, Cohort.id, Cohort.name)
        .join(Cohort, Cohort.id == link.cohort_id)
        .where(link.membership_id == membership.id)
    ).all()
    for row, _id, _name in rows:
        db.session.delete(row)
    return [(cohort_id, name) for _, cohort_id, name in rows]


def deactivate(membership: Membership, version: int | None, actor: Membership) -> None:
    """Switch a membership off: the person can no longer enter this institution."""
    check_version(membership.version, version, STALE)
    if membership.id == actor.id:
        raise MemberError("You cannot deactivate yourself. Ask another admin to do it.")
    _refuse_unaccepted(membership)
    if not membership.active:
        raise MemberError(f"{membership.display_name} is already deactivated.")
    if membership.role is Role.ADMIN:
        _update_keeping_an_admin(membership, "deactivate", active=False)
    else:
        membership.active = False
    record("member.deactivated", membership, role=membership.role.value)


def reactivate(membership: Membership, version: int | None) -> None:
    """Switch a deactivated membership back on."""
    check_version(membership.version, version, STALE)
    _refuse_unaccepted(membership)
    if membership.active:
        raise MemberError(f"{membership.display_name} is already active.")
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
    changed = rowcount(
        db.session.execute(
            update(Membership)
            .where(Membership.id == membership.id, Membership.version == loaded, another_admin)
            .values(version=Membership.version + 1, **values)
            .execution_options(synchronize_session=False)
        )
    )
    db.session.refresh(membership)
    if changed:
        return
    if membership.version != loaded:
        raise Conflict(STALE)
    raise MemberError(
        f"You cannot {verb} the last active admin: invite or promote another admin first."
    )


def _refuse_unaccepted(membership: Membership) -> None:
    # Access comes only from the person's own "yes": an admin cannot switch it on for them.
    if not membership.is_accepted:
        raise MemberError(
            f"{membership.display_name} has not accepted the invitation, so there is no "
            "access to switch on or off."
        )
