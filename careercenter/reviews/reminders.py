"""`flask reviews remind-overdue`: announce, once, each submission waiting past the target.

Run hourly by `deploy/systemd/careercenter-review-reminders.timer`. Each institution is done
in its own tenant scope and transaction; a `ReviewReminder` row records that a revision was
announced, so a second run (or two at once: the row is unique) announces nothing again.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from .. import events
from ..actions import insert_if_absent
from ..extensions import db
from ..plans.models import Plan, PlanRevision, PlanState
from ..tenancy.models import Institution
from ..tenancy.scoping import tenant_scope, unscoped
from .models import Review, ReviewReminder, ReviewState
from .services import target_days
from .waits import overdue_before

reviews_cli = AppGroup("reviews", help="Review housekeeping.")


def remind_overdue(institution: Institution) -> int:
    """Announce each waiting revision of `institution` past the target, once; return how many.

    Runs inside the institution's tenant scope; the caller commits.
    """
    cutoff = overdue_before(institution, target_days())
    published = select(Review.revision_id).where(Review.state == ReviewState.PUBLISHED)
    rows = db.session.execute(
        select(PlanRevision.id, PlanRevision.plan_id)
        .join(Plan, Plan.id == PlanRevision.plan_id)
        .outerjoin(ReviewReminder, ReviewReminder.revision_id == PlanRevision.id)
        .where(
            Plan.state.in_([PlanState.SUBMITTED, PlanState.IN_REVIEW]),
            PlanRevision.number == Plan.revision_count,
            PlanRevision.submitted_at < cutoff,
            ReviewReminder.id.is_(None),
            PlanRevision.id.not_in(published),
        )
        .order_by(PlanRevision.submitted_at, PlanRevision.id)
    ).all()
    sent = 0
    for revision_id, plan_id in rows:
        if insert_if_absent(ReviewReminder, revision_id=revision_id):
            events.review_overdue.send(None, plan_id=plan_id, revision_id=revision_id)
            sent += 1
    return sent


@reviews_cli.command("remind-overdue")
def remind_overdue_command() -> None:
    """Announce submissions whose wait for a first response passed the target (once each)."""
    with unscoped():
        institutions = list(
            db.session.execute(select(Institution).order_by(Institution.id)).scalars()
        )
    total = 0
    for institution in institutions:
        with tenant_scope(institution):
            total += remind_overdue(institution)
            db.session.commit()
    click.echo(f"{total} overdue submission(s) announced.")
