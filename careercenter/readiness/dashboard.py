"""A cohort's readiness page: every student assessed in one pass, then filtered, sorted, paged."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from math import ceil

from ..sorting import name_key
from .queries import StudentFacts, competency_completion, students_facts
from .rules import Level, Readiness, assess

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


@dataclass
class Dashboard:
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

    def share(self, level: Level) -> int:
        """Return the percentage of students at `level`."""
        return round(100 * self.counts[level] / self.total) if self.total else 0


def assess_all(facts: list[StudentFacts], now: datetime, weight: int) -> list[StudentRow]:
    """Return each student's row with their readiness, in one pass."""
    return [
        StudentRow(f.membership_id, f.name, f.email, assess(f.facts, now, weight), f.last_activity)
        for f in facts
    ]


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
    """Return the dashboard of a cohort in two queries (students' facts, competencies)."""
    now = now or datetime.now(UTC)
    rows = assess_all(students_facts(now.date(), cohort_id=cohort_id), now, weight)
    counts = Counter(row.readiness.level for row in rows)
    level_filter = Level(level) if level in {m.value for m in Level} else None
    needle = query.strip().casefold()
    matching = [
        row
        for row in rows
        if (level_filter is None or row.readiness.level is level_filter)
        and (not needle or needle in row.name.casefold() or needle in row.email.casefold())
    ]
    sort = sort if sort in SORTS else "name"
    matching.sort(key=SORTS[sort], reverse=descending)
    pages = max(1, ceil(len(matching) / PER_PAGE))
    page = min(max(1, page), pages)
    bars = [CompetencyBar(*c) for c in competency_completion(cohort_id)]
    return Dashboard(
        counts={lvl: counts.get(lvl, 0) for lvl in Level},
        total=len(rows),
        competencies=bars,
        rows=matching[(page - 1) * PER_PAGE : page * PER_PAGE],
        matching=len(matching),
        page=page,
        pages=pages,
        sort=sort,
        descending=descending,
        level_filter=level_filter,
        query=query.strip(),
    )
