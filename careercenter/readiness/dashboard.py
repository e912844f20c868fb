"""A cohort's readiness page: every student assessed in one pass, then filtered, sorted, paged.

The facts and competencies come from the readiness cache, kept per cohort and day and tagged
with the cohort's readiness version: while it holds, a view reads nothing; when it moved, only
the students whose membership version moved are read again. The assessment, its sort orders
and the rendered board of each view are kept with them until the first moment a level could
change with time, so a repeated view only filters and pages (and after a change only the
changed students are assessed again).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from math import ceil
from typing import Any

from flask import g
from flask_sqlalchemy.pagination import Pagination

from ..sorting import name_key
from ..tenancy import clock
from . import cache
from .queries import StudentFacts, competencies_by_student, member_versions, students_facts
from .rules import Level, Readiness, assess, level_changes_at

LEVEL_ORDER = {level: n for n, level in enumerate(Level)}
SORTS = {
    "name": lambda row: row.sort_name,
    "level": lambda row: LEVEL_ORDER[row.readiness.level],
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
    sort_name: tuple[str, str] = ("", "")  # `name_key(name)`, worked out once per assessment


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
    # The board's HTML per view, kept with the assessment it shows (`readiness.routes`).
    kept: dict[tuple, Any] = field(default_factory=dict, repr=False)

    @property
    def view(self) -> tuple:
        """Return what, besides the assessment, decides what the board shows."""
        return (self.sort, self.descending, self.level_filter, self.query, self.page)

    @property
    def level_bars(self) -> list[tuple[str, int, int, str]]:
        """Return (label, students, all students, tone) per level for the chart."""
        return [(lvl.label, self.counts[lvl], self.total, lvl.tone) for lvl in Level]

    @property
    def competency_bars(self) -> list[tuple[str, int, int]]:
        """Return (competency, percent complete, 100) for the chart."""
        return [(bar.name, bar.percent, 100) for bar in self.competencies]

    def page_query(self) -> dict[str, object]:
        """Return the query arguments that keep this view's filters and order across pages."""
        return {
            "sort": self.sort,
            "dir": "desc" if self.descending else "asc",
            "level": self.level_filter.value if self.level_filter else None,
            "q": self.query or None,
        }

    def share(self, level: Level) -> int:
        """Return the percentage of students at `level`."""
        return round(100 * self.counts[level] / self.total) if self.total else 0


def assess_row(facts: StudentFacts, now: datetime, weight: int) -> StudentRow:
    """Return one student's row with their readiness at `now`."""
    return StudentRow(
        facts.membership_id,
        facts.name,
        facts.email,
        assess(facts.facts, now, weight),
        facts.last_activity,
        name_key(facts.name),
    )


def assess_all(facts: list[StudentFacts], now: datetime, weight: int) -> list[StudentRow]:
    """Return each student's row with their readiness, in one pass."""
    return [assess_row(f, now, weight) for f in facts]


@dataclass(frozen=True)
class CohortFacts:
    """A cohort's students' facts and competency parts as read at `version` of the cohort on
    `today`, each student's with the membership version it was read at."""

    version: int
    today: date
    students: dict[int, StudentFacts]
    parts: dict[int, dict[str, tuple[int, int]]]  # student -> competency -> (complete, total)
    totals: dict[str, tuple[int, int]]  # competency -> (complete, total): the parts added up

    @cached_property
    def competencies(self) -> list[CompetencyBar]:
        """Return the cohort's completion by competency."""
        return [CompetencyBar(name, *self.totals[name]) for name in sorted(self.totals)]


def _add_parts(totals: dict[str, tuple[int, int]], parts, sign: int) -> None:
    for name, (done, total) in parts.items():
        was_done, was_total = totals.get(name, (0, 0))
        totals[name] = (was_done + sign * done, was_total + sign * total)
        if totals[name][1] == 0:
            del totals[name]  # no item of that competency left for anyone


def read_cohort(cohort_id: int, version: int, today: date) -> CohortFacts:
    """Read every student of the cohort: two queries."""
    students = {f.membership_id: f for f in students_facts(today, cohort_id=cohort_id)}
    parts = competencies_by_student(cohort_id)
    totals: dict[str, tuple[int, int]] = {}
    for student_parts in parts.values():
        _add_parts(totals, student_parts, +1)
    return CohortFacts(version, today, students, parts, totals)


def refresh_cohort(old: CohortFacts, cohort_id: int, version: int) -> CohortFacts:
    """Reread only the students whose membership version moved since `old` (a tick, a saved
    blueprint, a new name), drop those who left, add those who came: three queries, and the
    SQL and Python work of the students who changed, not of the whole cohort.

    Every change to what the dashboard shows of a student bumps that student's membership
    (`cache._LEADS`; a checklist or cohort change bumps every student of it), so the other
    students' facts, read at the version they still have, are exact.
    """
    versions = member_versions(cohort_id)
    gone = old.students.keys() - versions.keys()
    moved = sorted(
        m for m, v in versions.items() if (f := old.students.get(m)) is None or f.version != v
    )
    students = {m: f for m, f in old.students.items() if m not in gone}
    parts = {m: p for m, p in old.parts.items() if m not in gone}
    totals = dict(old.totals)
    for member in (*gone, *moved):
        _add_parts(totals, parts.pop(member, None) or old.parts.get(member, {}), -1)
    if moved:
        for f in students_facts(old.today, cohort_id=cohort_id, membership_ids=moved):
            students[f.membership_id] = f
        for member, student_parts in competencies_by_student(cohort_id, moved).items():
            parts[member] = student_parts
            _add_parts(totals, student_parts, +1)
    return CohortFacts(version, old.today, students, parts, totals)


def cohort_facts(cohort_id: int, today: date) -> CohortFacts:
    """Return the cohort's facts: kept while its version holds, refreshed student by student
    when it moved, read in full on a new day (overdue counts change) or a first view."""
    key = cache.cohort_key(cohort_id)
    if key is None:
        return read_cohort(cohort_id, 0, today)
    *where, version = key
    facts_key = ("facts", *where)
    known = cache.cohorts.get(facts_key, count=False)
    hit = known is not None and known.version == version and known.today == today
    cache.count_lookup(hit)  # found but refreshed: a miss (the database is read)
    if hit:
        return known
    if known is not None and known.today == today:
        fresh = refresh_cohort(known, cohort_id, version)
    else:
        fresh = read_cohort(cohort_id, version, today)
    cache.cohorts.put(facts_key, fresh)
    return fresh


@dataclass
class CohortReadiness:
    """Every student of a cohort assessed, valid until a level could change."""

    rows: list[StudentRow]  # by name
    counts: Counter
    assessed_at: datetime
    valid_until: datetime | None  # None: no level changes with time (the day is in the key)
    facts: CohortFacts | None = None  # what was assessed
    # student -> (the facts assessed, their row, when their level could change)
    students: dict[int, tuple[StudentFacts, StudentRow, datetime | None]] = field(
        default_factory=dict
    )
    orders: dict[tuple[str, bool], list[StudentRow]] = field(default_factory=dict)
    pages: dict[tuple, Any] = field(default_factory=dict)  # rendered boards, per view

    def fresh(self, now: datetime) -> bool:
        """Return whether every level assessed then is still the level at `now`."""
        return self.assessed_at <= now and (self.valid_until is None or now < self.valid_until)

    def ordered(self, sort: str, descending: bool) -> list[StudentRow]:
        """Return the rows sorted by `sort` (kept: the rows never change; ties by name)."""
        if sort == "name" and not descending:
            return self.rows
        rows = self.orders.get((sort, descending))
        if rows is None:
            rows = sorted(self.rows, key=SORTS[sort], reverse=descending)
            self.orders[(sort, descending)] = rows
        return rows


def assess_cohort(
    facts: CohortFacts, now: datetime, weight: int, previous: CohortReadiness | None = None
) -> CohortReadiness:
    """Assess every student at `now` and note when the first level could change; the rows of
    students whose facts `previous` assessed (still exact at `now`) are kept as they are."""
    kept = previous.students if previous is not None and previous.fresh(now) else {}
    students = {}
    for member, f in facts.students.items():
        old = kept.get(member)
        if old is not None and old[0] is f:
            students[member] = old
        else:
            students[member] = (f, assess_row(f, now, weight), level_changes_at(f.facts, now))
    rows = sorted((s[1] for s in students.values()), key=lambda r: (r.sort_name, r.membership_id))
    changes = [s[2] for s in students.values() if s[2] is not None]
    return CohortReadiness(
        rows,
        Counter(row.readiness.level for row in rows),
        now,
        min(changes, default=None),
        facts,
        students,
    )


def assessed_cohort(
    cohort_id: int, facts: CohortFacts, weight: int, now: datetime
) -> CohortReadiness:
    """Return the cohort's students assessed at `now`: kept with their facts until a level
    could change; after a change, only the students whose facts changed are assessed again."""
    key = cache.cohort_key(cohort_id)
    if key is None:
        return assess_cohort(facts, now, weight)
    assessed_key = ("assessed", *key[:-1], facts.today, weight)
    assessed = cache.cohorts.get(assessed_key, count=False)
    hit = assessed is not None and assessed.facts is facts and assessed.fresh(now)
    cache.count_lookup(hit)
    if not hit:
        assessed = assess_cohort(facts, now, weight, assessed)
        cache.cohorts.put(assessed_key, assessed)
    return assessed


def cohort_readiness(cohort_id: int, weight: int, now: datetime) -> CohortReadiness:
    """Return the cohort's students assessed at `now`, from the cache when still exact.

    Overdue counts on the institution's local date, so the campus day is in the keys.
    """
    today = clock.local_today(g.get("institution"), now)
    return assessed_cohort(cohort_id, cohort_facts(cohort_id, today), weight, now)


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
    """Return the dashboard of a cohort: none while its version holds, three (versions, the
    changed students' facts and competencies) after a change, two on a new day."""
    now = now or clock.utc_now()
    facts = cohort_facts(cohort_id, clock.local_today(g.get("institution"), now))
    assessed = assessed_cohort(cohort_id, facts, weight, now)
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
        competencies=facts.competencies,
        rows=matching[(page - 1) * PER_PAGE : page * PER_PAGE],
        matching=len(matching),
        page=page,
        pages=pages,
        sort=sort,
        descending=descending,
        level_filter=level_filter,
        query=query.strip(),
        kept=assessed.pages,
    )
