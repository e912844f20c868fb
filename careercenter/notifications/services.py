"""Make notifications, mark them read, and keep each person's choices."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app, has_request_context, url_for
from sqlalchemy import select, update

from ..actions import check_version
from ..extensions import db
from ..links import external_url
from ..mail import send_mail
from ..tenancy.clock import utc_now
from ..tenancy.models import Membership, Role
from ..tenancy.scoping import current_institution_id
from .models import Delivery, Kind, Notification, NotificationPreference

PER_PAGE = 25

# The kinds each role can receive, in the order the settings page lists them.
KINDS_BY_ROLE = {
    Role.STUDENT: [Kind.PUBLISHED, Kind.CLAIMED, Kind.REPLIED],
    Role.ADVISOR: [Kind.SUBMITTED, Kind.OVERDUE, Kind.CLAIMED, Kind.REPLIED],
    Role.ADMIN: [Kind.CLAIMED, Kind.REPLIED],
}

STALE_SETTINGS = (
    "Your notification choices were changed elsewhere after you opened this page, so nothing "
    "was saved. The page now shows the current choices; make your change again."
)


@dataclass(frozen=True)
class Message:
    """What to tell recipients: the in-app text, and the mail's subject and details."""

    kind: Kind
    text: str
    subject: str
    about: str  # names the student and the blueprint, for the mail
    endpoint: str
    values: dict
    plan_id: int | None = None


def site_path(endpoint: str, **values) -> str:
    """Return the path of a page on this site, inside or outside a request.

    Never a request context of its own inside a request: its teardown would end the tenant.
    """
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        return url_for(endpoint, **values)


def site_url(endpoint: str, **values) -> str:
    """Return the absolute URL of a page, for mail (a trusted host: `links.external_url`)."""
    return external_url(endpoint, **values)


def deliveries(member_ids: Iterable[int], kind: Kind) -> dict[int, Delivery]:
    """Return the members' choices for `kind` (one query); the default is email."""
    ids = list(member_ids)
    chosen = dict(
        db.session.execute(
            select(NotificationPreference.membership_id, NotificationPreference.delivery).where(
                NotificationPreference.membership_id.in_(ids), NotificationPreference.kind == kind
            )
        ).all()
        if ids
        else []
    )
    return {member_id: chosen.get(member_id, Delivery.EMAIL) for member_id in ids}


def notify(recipients: Iterable[Membership], message: Message, by_user_id: int | None) -> list:
    """Add a notification for each recipient but the one who acted; mail those who want it now.

    Runs in the caller's transaction: mail leaves only once it commits (`mail.send_mail`).
    """
    people: dict[int, Membership] = {}
    for member in recipients:
        if member.user_id != by_user_id and member.active and member.is_accepted:
            people.setdefault(member.id, member)
    if not people:
        return []
    chosen = deliveries(people, message.kind)
    link = site_path(message.endpoint, **message.values)
    made = []
    for member_id, member in people.items():
        notification = Notification(
            recipient_id=member_id,
            kind=message.kind,
            text=message.text,
            link=link,
            plan_id=message.plan_id,
            delivery=chosen[member_id],
        )
        db.session.add(notification)
        made.append(notification)
        if notification.delivery is Delivery.EMAIL:
            subject = f"{member.institution.name}: {message.subject}"
            send_mail(member.user.email, subject, mail_body(member, message))
    return made


def mail_body(member: Membership, message: Message) -> str:
    """Return the plain text of one notification's mail."""
    return (
        f"Hello {member.user.name},\n\n"
        f"{message.text}\n\n"
        f"{message.about}\n"
        f"Open it: {site_url(message.endpoint, **message.values)}\n\n"
        f"{_footer(member)}"
    )


def _footer(member: Membership) -> str:
    settings = site_url("notifications.settings", slug=member.institution.slug)
    return (
        f"— {member.institution.name} Career Center\n"
        f"You get this mail because of your notification choices: {settings}\n"
    )


# --- the list --------------------------------------------------------------------------


def page_of(member: Membership, page: int) -> tuple[list[Notification], bool]:
    """Return one page of the member's notifications, newest first, and whether more follow."""
    rows = list(
        db.session.scalars(
            select(Notification)
            .where(Notification.recipient_id == member.id)
            .order_by(Notification.id.desc())
            .offset((page - 1) * PER_PAGE)
            .limit(PER_PAGE + 1)
        )
    )
    return rows[:PER_PAGE], len(rows) > PER_PAGE


def newest_id(member: Membership) -> int:
    """Return the id of the member's newest notification (0 without any)."""
    return (
        db.session.scalar(
            select(Notification.id)
            .where(Notification.recipient_id == member.id)
            .order_by(Notification.id.desc())
            .limit(1)
        )
        or 0
    )


def mark_read(notification: Notification) -> None:
    """Mark one notification read (again is harmless: the first reading time stays)."""
    db.session.execute(
        update(Notification)
        .where(Notification.id == notification.id, Notification.read_at.is_(None))
        .values(read_at=utc_now())
        .execution_options(synchronize_session=False)
    )


def mark_all_read(member: Membership, up_to: int) -> None:
    """Mark read what the member had seen: their notifications up to id `up_to`.

    One arriving after the page was shown stays unread, so nothing passes unseen.
    """
    db.session.execute(
        update(Notification)
        .where(
            Notification.recipient_id == member.id,
            Notification.id <= up_to,
            Notification.read_at.is_(None),
        )
        .values(read_at=utc_now())
        .execution_options(synchronize_session=False)
    )


# --- choices ---------------------------------------------------------------------------


def choices_of(member: Membership) -> dict[Kind, Delivery]:
    """Return the member's choice for each kind their role receives."""
    chosen = dict(
        db.session.execute(
            select(NotificationPreference.kind, NotificationPreference.delivery).where(
                NotificationPreference.membership_id == member.id
            )
        ).all()
    )
    return {kind: chosen.get(kind, Delivery.EMAIL) for kind in KINDS_BY_ROLE[member.role]}


def choices_fingerprint(choices: dict[Kind, Delivery]) -> str:
    """Return the version of a member's choices that the settings form carries."""
    values = sorted((kind.value, delivery.value) for kind, delivery in choices.items())
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()[:32]


def save_choices(member: Membership, wanted: dict[Kind, Delivery], loaded: str | None) -> int:
    """Store the member's choices; refuse a form loaded before another save. Return changes."""
    current = choices_of(member)
    check_version(choices_fingerprint(current), loaded, STALE_SETTINGS)
    rows = {
        row.kind: row
        for row in db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.membership_id == member.id)
        )
    }
    changed = 0
    for kind, delivery in wanted.items():
        if kind not in current or current[kind] is delivery:
            continue
        changed += 1
        if kind in rows:
            rows[kind].delivery = delivery
        else:
            db.session.add(
                NotificationPreference(
                    membership_id=member.id,
                    kind=kind,
                    delivery=delivery,
                    institution_id=current_institution_id(),
                )
            )
    return changed
