"""How long a submission has waited, in business days (Monday to Friday, on campus time)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from ..tenancy.clock import local_today, zone_of
from ..tenancy.models import Institution


def business_days_between(start: date, end: date) -> int:
    """Return the weekdays after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for n in range(1, rest + 1):
        if (start + timedelta(days=n)).weekday() < 5:
            count += 1
    return count


def local_date(institution: Institution, moment: datetime) -> date:
    """Return the campus date of a stored moment."""
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return moment.astimezone(zone_of(institution)).date()


def waited(institution: Institution, submitted_at: datetime, now: datetime | None = None) -> int:
    """Return the business days a submission made at `submitted_at` has waited until now."""
    return business_days_between(
        local_date(institution, submitted_at), local_today(institution, now)
    )


def overdue_before(institution: Institution, target: int, now: datetime | None = None) -> datetime:
    """Return the UTC moment before which a submission has waited more than `target` days.

    A submission is past the target when `submitted_at < overdue_before(...)`, which lets
    the queue count and filter them in SQL.
    """
    today = local_today(institution, now)
    day = today
    while business_days_between(day, today) <= target:
        day -= timedelta(days=1)
    # `day` is the latest campus date whose wait passes the target; anything before its end.
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone_of(institution))
    return end.astimezone(UTC)
