"""`flask notifications digest`: one mail a day per person with their digest notifications.

Each notification delivered by digest is sent once: the run marks what it mails
(`digested_at`, by a conditional UPDATE committed with the mail's queueing), so a second run,
or two at once, sends nothing new.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urljoin

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select, update

from ..actions import rowcount
from ..extensions import db
from ..mail import send_mail
from ..tenancy.clock import local_now, utc_now
from ..tenancy.models import Institution, Membership
from ..tenancy.scoping import tenant_scope, unscoped
from .models import Delivery, Notification
from .services import site_url

notifications_cli = AppGroup("notifications", help="Notification mail.")


@notifications_cli.command("digest")
def digest_command() -> None:
    """Mail each person their digest notifications since the last digest."""
    sent = send_digests()
    click.echo(f"Sent {sent} digest{'s' if sent != 1 else ''}.")


def send_digests() -> int:
    """Send every pending digest, institution by institution; return how many mails left."""
    with unscoped():  # which institutions have anything waiting
        institution_ids = list(
            db.session.scalars(
                select(Notification.institution_id)
                .where(Notification.delivery == Delivery.DIGEST, Notification.digested_at.is_(None))
                .distinct()
            )
        )
        institutions = list(
            db.session.scalars(select(Institution).where(Institution.id.in_(institution_ids)))
        )
    db.session.commit()
    return sum(_send_for(institution) for institution in institutions)


def _send_for(institution: Institution) -> int:
    with tenant_scope(institution):
        pending: dict[int, list[Notification]] = defaultdict(list)
        for notification in db.session.scalars(
            select(Notification)
            .where(Notification.delivery == Delivery.DIGEST, Notification.digested_at.is_(None))
            .order_by(Notification.recipient_id, Notification.id)
        ):
            pending[notification.recipient_id].append(notification)
        members = {
            member.id: member
            for member in db.session.scalars(
                select(Membership).where(Membership.id.in_(list(pending)))
            )
        }
        sent = 0
        for member_id, notifications in pending.items():
            sent += _send_one(institution, members[member_id], notifications)
        return sent


def _send_one(institution: Institution, member: Membership, notifications: list) -> int:
    """Mark the member's notifications sent and queue their digest: both, or neither."""
    ids = [n.id for n in notifications]
    claimed = db.session.execute(
        update(Notification)
        .where(Notification.id.in_(ids), Notification.digested_at.is_(None))
        .values(digested_at=utc_now())
        .execution_options(synchronize_session=False)
    )
    if rowcount(claimed) != len(ids):  # another run got there first: leave it to that one
        db.session.rollback()
        return 0
    reaches = member.active and member.is_accepted
    if reaches:
        send_mail(member.user.email, *digest_mail(institution, member, notifications))
    db.session.commit()
    return 1 if reaches else 0


def digest_mail(
    institution: Institution, member: Membership, notifications: list
) -> tuple[str, str]:
    """Return the subject and plain text of a member's digest."""
    count = len(notifications)
    subject = f"{institution.name}: {count} notification{'s' if count != 1 else ''} today"
    base = current_app.config["BASE_URL"]
    lines = [f"Hello {member.user.name},", "", "What happened since your last digest:", ""]
    for notification in notifications:
        when = local_now(institution, notification.created_at).strftime("%d %b %H:%M")
        lines += [f"- {when}: {notification.text}", f"  {urljoin(base, notification.link)}"]
    settings = site_url("notifications.settings", slug=institution.slug)
    lines += [
        "",
        f"All your notifications: {site_url('notifications.index', slug=institution.slug)}",
        "",
        f"— {institution.name} Career Center",
        f"You get this daily digest because of your notification choices: {settings}",
    ]
    return subject, "\n".join(lines) + "\n"
