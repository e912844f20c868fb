"""Demo data for reports: spread the demo's ticks and reviews over the past weeks.

The earlier steps make every tick and review at seed time, which would put the whole trend
in one week and every turnaround at zero. This step dates them back, the same way on every
run (by row id), so the week-by-week charts and the turnaround figures have something to show.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ..checklists.models import ItemProgress
from ..demo import DemoInstitution, seed_step
from ..extensions import db
from ..plans.models import PlanRevision
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
        progress.done_at = now - timedelta(days=(index * 5) % (WEEKS * 7), hours=index % 9)
    revisions = db.session.execute(select(PlanRevision).order_by(PlanRevision.id)).scalars()
    for index, revision in enumerate(revisions):
        submitted = now - timedelta(days=4 + (index * 9) % (WEEKS * 7 - 7), hours=index % 7)
        revision.submitted_at = submitted
        if revision.decided_at is not None:
            revision.decided_at = submitted + timedelta(hours=6 + (index * 17) % 90)
    db.session.flush()
