"""A cohort's readiness page: every student assessed in one pass, then filtered, sorted, paged.

The facts and competencies come from the readiness cache (keyed by the cohort's
readiness version and the day); the assessment and its sort orders are kept with them until
the first moment a level could change with time, so a repeated view only filters and pages.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from math import ceil

from flask import g
from flask_sqlalchemy.pagination import Pagination

from ..sorting import name_key
from ..tenancy import clock
from . import cache
from .queries import StudentFacts, competency_completion, students_facts
from .rules import Level, Readiness, assess, level_changes_at

SORTS = {
    "name": lambda row: name_key(row.name),
    "level": lambda row: list(Level).index(row.readiness.level),
    "score": lambda row: row.readiness.score,
    "overdue": lambda row: row.readiness.overdue,
    "activity": lambda row: row.last_activity or datetime.min.replace(tzinfo=UTC),
}
PER_PAGE = 25


@dataclass(frozen=True)
class StudentRow:
    membership_id: int
    name: str
    email: str
    readiness: Readiness
    last_activity: datetime | None


@dataclass(frozen=True)
class CompetencyBar:
    name: str
    complete: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.complete / self.total) if self.total else 0


class PageWindow:
    """What the shared `pagination` macro reads, over `page` and `pages`."""

    page: int
    pages: int
    iter_pages = Pagination.iter_pages  # uses only page and pages

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


@dataclass
class Dashboard(PageWindow):
    counts: dict[Level, int]
    total: int
    competencies: list[CompetencyBar]
    rows: list[StudentRow]
    matching: int
    page: int
    pages: int
    sort: str
    descending: bool
    level_filter: Level | None
    query: str

    @property
    def level_bars(self) -> list[tuple[str, int, int, str]]:
        """Return (label, students, all students, tone) per level for the chart."""
        return [(lvl.label, self.counts[lvl], self.total, lvl.tone) for lvl in Level]

    @property
    def competency_bars(self) -> list[tuple[str, int, int]]:
        """Return (competency, percent complete, 100) for the chart."""
        return [(bar.name, bar.percent, 100) for bar in self.competencies]

    def page_args(self, cohort_id: int) -> dict[str, object]:
        """Return the url arguments that keep this view's filters and order across pages."""
        return {
            "cohort_id": cohort_id,
            "sort": self.sort,
            "dir": "desc" if self.descending else "asc",
            "level": self.level_filter.value if self.level_filter else None,
            "q": self.query or None,
        }

    def share(self, level: Level) -> int:
        """Return the percentage of students at `level`."""
        return round(100 * self.counts[level] / self.total) if self.total else 0


def assess_all(facts: list[StudentFacts], now: datetime, weight: int) -> list[StudentRow]:
    """Return each student's row with their readiness, in one pass."""
    return [
        StudentRow(f.membership_id, f.name, f.email, assess(f.facts, now, weight), f.last_activity)
        for f in facts
    ]


@dataclass
class CohortReadiness:
    """Every student of a cohort assessed at one moment, valid until a level could change."""

    rows: list[StudentRow]
    counts: Counter
    assessed_at: datetime
    valid_until: datetime | None  # None: no level changes with time (the day is in the key)
    orders: dict[tuple[str, bool], list[StudentRow]] = field(default_factory=dict)

    def fresh(self, now: datetime) -> bool:
        """Return whether every level assessed then is still the level at `now`."""
        return self.assessed_at <= now and (self.valid_until is None or now < self.valid_until)

    def ordered(self, sort: str, descending: bool) -> list[StudentRow]:
        """Return the rows sorted by `sort` (kept: the rows never change)."""
        rows = self.orders.get((sort, descending))
        if rows is None:
            rows = sorted(self.rows, key=SORTS[sort], reverse=descending)
            self.orders[(sort, descending)] = rows
        return rows


def assess_cohort(facts: list[StudentFacts], now: datetime, weight: int) -> CohortReadiness:
    """Assess every student at `now` and note when the first level could change."""
    rows = assess_all(facts, now, weight)
    changes = [m for f in facts if (m := level_changes_at(f.facts, now)) is not None]
    return CohortReadiness(
        rows, Counter(row.readiness.level for row in rows), now, min(changes, default=None)
    )


def cohort_readiness(cohort_id: int, weight: int, now: datetime) -> CohortReadiness:
    """Return the cohort's students assessed at `now`, from the cache when still exact.

    Overdue counts on the institution's local date, so the campus day is in the keys.
    """
    today = clock.local_today(g.get("institution"), now)
    key = cache.cohort_key(cohort_id)
    facts = cache.cached(
        cache.cohorts,
        key and ("facts", *key, today),
        lambda: students_facts(today, cohort_id=cohort_id),
    )
    assessed_key = key and ("assessed", *key, today, weight)
    assessed = cache.cohorts.get(assessed_key) if assessed_key else None
    if assessed is None or not assessed.fresh(now):
        assessed = assess_cohort(facts, now, weight)
        if assessed_key:
            cache.cohorts.put(assessed_key, assessed)
    return assessed


def cohort_competencies(cohort_id: int) -> list[CompetencyBar]:
    """Return the cohort's completion by competency, from the cache when current."""
    key = cache.cohort_key(cohort_id)
    return cache.cached(
        cache.cohorts,
        key and ("competencies", *key),
        lambda: [CompetencyBar(*c) for c in competency_completion(cohort_id)],
    )


def cohort_dashboard(
    cohort_id: int,
    weight: int,
    *,
    now: datetime | None = None,
    sort: str = "name",
    descending: bool = False,
    level: str | None = None,
    query: str = "",
    page: int = 1,
) -> Dashboard:
    """Return the dashboard of a cohort: two queries (students' facts, competencies) at most."""
    now = now or clock.utc_now()
    assessed = cohort_readiness(cohort_id, weight, now)
    level_filter = Level(level) if level in {m.value for m in Level} else None
    needle = query.strip().casefold()
    sort = sort if sort in SORTS else "name"
    matching = assessed.ordered(sort, descending)
    if level_filter is not None or needle:
        matching = [
            row
            for row in matching
            if (level_filter is None or row.readiness.level is level_filter)
            and (not needle or needle in row.name.casefold() or needle in row.email.casefold())
        ]
    pages = max(1, ceil(len(matching) / PER_PAGE))
    page = min(max(1, page), pages)
    return Dashboard(
        counts={lvl: assessed.counts.get(lvl, 0) for lvl in Level},
        total=len(assessed.rows),
        competencies=cohort_competencies(cohort_id),
        rows=matching[(page - 1) * PER_PAGE : page * PER_PAGE],
        matching=len(matching),
        page=page,
        pages=pages,
        sort=sort,
        descending=descending,
        level_filter=level_filter,
        query=query.strip(),
    )
