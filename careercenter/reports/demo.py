"""Demo data for reports: spread the demo's ticks and reviews over the past weeks.

The earlier steps make every tick and review at seed time, which would put the whole trend
in one week and every turnaround at zero. This step dates them back, the same way on every
run (by row id), so the week-by-week charts and the turnaround figures have something to show.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from ..checklists.models import ItemProgress
from ..demo import DemoInstitution, seed_step
from ..extensions import db
from ..plans.models import Plan, RevisionState
from ..tenancy import clock

WEEKS = 10


@seed_step(order=90)
def seed_report_history(demo: DemoInstitution) -> None:
    """Date the demo's ticks over ten weeks and give its reviews a turnaround of hours to days."""
    now = clock.utc_now()
    ticks = db.session.execute(
        select(ItemProgress).where(ItemProgress.done_at.is_not(None)).order_by(ItemProgress.id)
    ).scalars()
    for index, progress in enumerate(ticks):
        progress.done_at = now - _tick_offset(index)
        if progress.reviewed_at is not None:  # reviewed the day after (before now)
            progress.reviewed_at = progress.done_at + timedelta(hours=20)
    plans = db.session.execute(select(Plan).order_by(Plan.id)).scalars().all()
    for index, plan in enumerate(plans):
        _date_revisions(plan, now - timedelta(hours=2 + (index * 7) % 60), index)
    db.session.flush()


def _tick_offset(index: int) -> timedelta:
    return timedelta(days=1 + (index * 5) % (WEEKS * 7 - 1), hours=index % 9)


def _date_revisions(plan: Plan, last: datetime, index: int) -> None:
    """Lay a plan's revisions out in order, the latest event at `last` (within 3 days: a
    changes-requested decision stays fresh, so no level changes)."""
    moment = last
    for revision in sorted(plan.revisions, key=lambda r: r.number, reverse=True):
        took = timedelta(hours=6 + ((index + revision.number) * 17) % 90)
        if revision.decided_at is not None:
            revision.decided_at, revision.submitted_at = moment, moment - took
        else:
            revision.submitted_at = moment
        moment = revision.submitted_at - timedelta(days=2 + index % 5)
    requested = [
        r.decided_at
        for r in sorted(plan.revisions, key=lambda r: r.number)
        if r.state is RevisionState.CHANGES_REQUESTED
    ]
    if plan.changes_requested_at is not None and requested:
        plan.changes_requested_at = requested[-1]
