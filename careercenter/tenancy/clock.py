"""The one place the app reads the time, and the campus clock of each institution.

Timestamps are stored in UTC. Dates people read ("due today", "overdue", "days left") are the
institution's local dates: an item due on the 30th is due until midnight on campus, not in
Greenwich. Tests freeze time by replacing `utc_now`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo
from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, available_timezones

if TYPE_CHECKING:
    from .models import Institution

DEFAULT_ZONE = "UTC"
# The areas of canonical IANA names ("America/Chicago"); the rest are aliases kept for old
# systems ("US/Central", "EST5EDT"), still accepted but not offered.
AREAS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


def utc_now() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


@cache
def known_zones() -> frozenset[str]:
    """Return every IANA time-zone name this host (or the tzdata package) knows."""
    return frozenset(available_timezones())


def zone_problem(name: str | None) -> str | None:
    """Return why `name` is not a time zone we can use, or None when it is."""
    if not name or name not in known_zones():
        return (
            f"“{name or ''}” is not a known time zone: choose one from the list, "
            "or give an IANA name such as America/Chicago."
        )
    return None


@cache
def _zone(name: str) -> tzinfo:
    return UTC if name == DEFAULT_ZONE else ZoneInfo(name)


def zone_of(institution: Institution | None) -> tzinfo:
    """Return the institution's time zone; UTC for platform pages outside any institution."""
    return _zone(institution.time_zone if institution is not None else DEFAULT_ZONE)


def local_now(institution: Institution | None, now: datetime | None = None) -> datetime:
    """Return `now` (default: this moment) on the institution's clock."""
    return as_utc(now or utc_now()).astimezone(zone_of(institution))


def local_today(institution: Institution | None, now: datetime | None = None) -> date:
    """Return the date on campus at `now` (default: this moment)."""
    return local_now(institution, now).date()


def local_midnight(institution: Institution | None, now: datetime | None = None) -> datetime:
    """Return the UTC moment the institution's current day began."""
    start = datetime.combine(local_today(institution, now), time.min, tzinfo=zone_of(institution))
    return start.astimezone(UTC)


def as_utc(moment: datetime) -> datetime:
    """Return a stored moment as UTC-aware (SQLite hands back naive UTC datetimes)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@cache
def zone_groups() -> tuple[tuple[str | None, tuple[tuple[str, str], ...]], ...]:
    """Return the zones to offer as (area, ((name, label), ...)): UTC first, then by area."""
    groups: dict[str, list[tuple[str, str]]] = {area: [] for area in AREAS}
    for name in sorted(known_zones()):
        area, _, place = name.partition("/")
        if area in groups and place:
            groups[area].append((name, place.replace("_", " ").replace("/", " / ")))
    utc = (None, ((DEFAULT_ZONE, "UTC (Coordinated Universal Time)"),))
    return (utc, *((area, tuple(zones)) for area, zones in groups.items() if zones))
