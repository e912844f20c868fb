"""The computed report, kept per institution and selection until what it summarises changes.

A report's numbers are keyed by the readiness key of each selected cohort
(`readiness.cache.cohort_key`: its `readiness_version`, bumped at commit by every write that
the cohort's readiness reads: enrolments, assignments, checklists, ticks, blueprints and their
revisions' submissions and decisions, memberships, names), the campus day and time zone, the
checklist weight and the review target. The cohorts come from the report's scope, so an
advisor's key holds only their cohorts; the small-cell threshold is applied when a report is
shown, never cached. An entry also ends at the first moment a level may change with time
(`Report.expires_at`). Inside a transaction with uncommitted readiness changes nothing is
cached (the cohort key is None).

Each process keeps an LRU of entries (the numbers and, for a page, its figures rendered);
behind it, with `REDIS_URL`, Redis shares the numbers only (JSON, never HTML or a pickle:
Redis hands the app nothing it would run or show unescaped), each for a day at most,
`MAX_SHARED` at most. Redis failing only costs the computation. After restoring a database
backup (versions could go back) call `clear()`, as for the readiness cache.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app

from ..readiness.cache import LRU, cohort_key
from ..tenancy import clock
from ..tenancy.models import Institution
from .numbers import Turnaround
from .summary import Line, Report, Week, build_report, review_target_days

MAX_ENTRIES = 128  # per process (with a page's figures: tens of KB each)
MAX_SHARED = 512  # in Redis (numbers only: a few KB each)
MAX_SECONDS = 86400  # a Redis entry's life at most (a new campus day starts a new key anyway)
PREFIX = "careercenter:report:"
INDEX = PREFIX + "index"  # sorted set: entry keys by the time they were stored
REDIS_EXTENSION = "careercenter.reports.cache.redis"

log = logging.getLogger(__name__)
memory = LRU(MAX_ENTRIES)


def report_key(
    institution: Institution, cohort_ids: list[int], now: datetime, target: int
) -> tuple | None:
    """Return what identifies the report's numbers now (`target`: the review target), or
    None (do not cache)."""
    cohorts = tuple(cohort_key(cohort_id) for cohort_id in sorted(cohort_ids))
    if not cohorts or None in cohorts:
        return None
    return (
        institution.id,
        cohorts,
        clock.local_today(institution, now).isoformat(),
        institution.time_zone,
        institution.checklist_weight,
        target,
    )


@dataclass
class Entry:
    """A report and, for a page, its figures rendered (`html`; None for an export)."""

    report: Report
    html: str | None = None


def cached_report(institution: Institution, cohort_ids: list[int], now: datetime) -> Report:
    """Return the report over `cohort_ids` at `now`, from the cache when it still holds."""
    return cached(institution, cohort_ids, now, "data").report


def cached(
    institution: Institution,
    cohort_ids: list[int],
    now: datetime,
    variant: str,
    render: Callable[[Report], str] | None = None,
) -> Entry:
    """Return the entry of the report over `cohort_ids` at `now`: its numbers and, with
    `render`, their figures rendered by it (`variant` names what `render` draws)."""
    target = review_target_days(institution)
    key = report_key(institution, cohort_ids, now, target)
    if key is None:
        report = build_report(institution, cohort_ids, now, target)
        return Entry(report, render(report) if render else None)
    entry = memory.get((*key, variant), count=False)
    if entry is not None and entry.report.fresh_at(now):
        return entry
    report = _shared(institution, cohort_ids, now, target, key)
    entry = Entry(report, render(report) if render else None)
    memory.put((*key, variant), entry)
    return entry


def _shared(
    institution: Institution, cohort_ids: list[int], now: datetime, target: int, key: tuple
) -> Report:
    """Return the report's numbers from Redis (shared by every worker and host) when it is
    configured and holds them still, else compute them (and share them)."""
    store = _redis()
    if store is None:
        return build_report(institution, cohort_ids, now, target)
    name = PREFIX + json.dumps(key, default=str, separators=(",", ":"))
    report = _redis_get(store, name)
    if report is None or not report.fresh_at(now):
        report = build_report(institution, cohort_ids, now, target)
        _redis_put(store, name, report, now)
    return report


def clear() -> None:
    """Forget every cached report (tests; a restored database)."""
    memory.clear()
    store = _redis()
    if store is not None:
        names = list(store.scan_iter(match=PREFIX + "*", count=500))
        if names:
            store.delete(*names)


# --- Redis ---------------------------------------------------------------------------------


def _redis():
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    client = current_app.extensions.get(REDIS_EXTENSION)
    if client is None:
        from redis import Redis

        client = Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        current_app.extensions[REDIS_EXTENSION] = client
    return client


def _redis_get(store, name: str) -> Report | None:
    from redis import RedisError

    try:
        text = store.get(name)
    except RedisError:
        log.warning("report cache: Redis refused a read; computing the report", exc_info=True)
        return None
    return decode(text) if text is not None else None


def _redis_put(store, name: str, report: Report, now: datetime) -> None:
    """Store `report` under `name` until it expires, then trim the oldest beyond MAX_SHARED."""
    from redis import RedisError

    seconds = MAX_SECONDS
    expires = report.expires_at
    if expires is not None:
        seconds = min(seconds, int((expires - now).total_seconds()) + 1)
    stamp = now.timestamp()
    try:
        pipe = store.pipeline()
        pipe.set(name, encode(report), ex=max(1, seconds))
        pipe.zadd(INDEX, {name: stamp})
        pipe.zremrangebyscore(INDEX, "-inf", stamp - MAX_SECONDS)  # expired by now
        pipe.zcard(INDEX)
        count = pipe.execute()[-1]
        if count > MAX_SHARED:
            oldest = [member for member, _ in store.zpopmin(INDEX, count - MAX_SHARED)]
            store.delete(*oldest)
    except RedisError:
        log.warning("report cache: Redis refused a write", exc_info=True)


# --- JSON (Redis never hands the app a pickle) ----------------------------------------------


def encode(report: Report) -> str:
    """Return the report's numbers as JSON."""

    def plain(value: Any) -> Any:
        return value.isoformat() if isinstance(value, date) else str(value)

    return json.dumps(asdict(report), default=plain, separators=(",", ":"))


def decode(text: str | bytes) -> Report:
    """Return the report `encode` wrote."""
    data = json.loads(text)
    expires = data.pop("expires_at")
    for name in ("levels", "stages", "score_bands", "competencies", "checklists"):
        data[name] = [Line(**line) for line in data[name]]
    data["weeks"] = [
        Week(date.fromisoformat(w["starts_on"]), w["items_completed"], w["blueprints_submitted"])
        for w in data["weeks"]
    ]
    data["turnaround"] = Turnaround(**data["turnaround"])
    return Report(**data, expires_at=datetime.fromisoformat(expires) if expires else None)


__all__ = ["Entry", "cached", "cached_report", "clear", "decode", "encode", "report_key"]
