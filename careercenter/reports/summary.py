"""A readiness report over some cohorts: every figure the page, the PDF and the CSVs show.

Built in a constant number of queries (readiness facts, competencies, checklists, two weekly
counts, decided revisions) and one pass in Python over the students.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..readiness.queries import cohorts_competency_completion, cohorts_students_facts
from ..readiness.rules import Level, assess, level_changes_at
from ..reviews.services import target_days
from ..stages import BlueprintStage
from ..tenancy import clock
from ..tenancy.models import Institution
from . import queries
from .numbers import SCORE_BANDS, Turnaround, score_band, suppress, suppressed_total, turnaround

TREND_WEEKS = 12


def review_target_days(institution: Institution) -> int:
    """Return the institution's first-response target in business days (its review settings,
    `/<slug>/settings/reviews`: the same target the review queue marks waits against)."""
    return target_days()


@dataclass(frozen=True)
class Line:
    """One labelled count out of a whole: a bar of a chart, a row of its table."""

    label: str
    count: int
    total: int
    tone: str = ""

    @property
    def percent(self) -> int:
        return round(100 * self.count / self.total) if self.total else 0


@dataclass(frozen=True)
class Week:
    starts_on: date
    items_completed: int
    blueprints_submitted: int


@dataclass
class Report:
    students: int
    levels: list[Line]
    stages: list[Line]
    score_bands: list[Line]
    overdue_students: int
    overdue_items: int
    average_score: int | None
    competencies: list[Line]  # items complete out of items, per competency
    checklists: list[Line]  # students who completed it out of students assigned
    turnaround: Turnaround
    weeks: list[Week]
    expires_at: datetime | None = None  # the first moment a level may change with time

    def fresh_at(self, now: datetime) -> bool:
        """Return whether the numbers still hold at `now` (the data unchanged, same day)."""
        return self.expires_at is None or now < self.expires_at

    @property
    def level_bars(self):
        return [(line.label, line.count, self.students, line.tone) for line in self.levels]

    @property
    def stage_bars(self):
        return [(line.label, line.count, self.students) for line in self.stages]

    @property
    def band_bars(self):
        return [(line.label, line.count, self.students) for line in self.score_bands]

    @property
    def competency_bars(self):
        return [(line.label, line.percent, 100) for line in self.competencies]

    @property
    def checklist_bars(self):
        return [(line.label, line.percent, 100) for line in self.checklists]

    @property
    def trend_max(self) -> int:
        return max([1, *(w.items_completed for w in self.weeks)])

    @property
    def submitted_max(self) -> int:
        return max([1, *(w.blueprints_submitted for w in self.weeks)])


def week_bounds(institution: Institution, now: datetime, weeks: int = TREND_WEEKS):
    """Return the local Monday of each of the last `weeks` weeks and their UTC bounds."""
    today = clock.local_today(institution, now)
    monday = today - timedelta(days=today.weekday())
    starts = [monday - timedelta(weeks=weeks - 1 - n) for n in range(weeks)]
    zone = clock.zone_of(institution)
    bounds = [
        clock.as_utc(datetime(d.year, d.month, d.day, tzinfo=zone))
        for d in [*starts, monday + timedelta(weeks=1)]
    ]
    return starts, bounds


def build_report(
    institution: Institution, cohort_ids: list[int], now: datetime, target: int | None = None
) -> Report:
    """Return the report over the students of `cohort_ids` at `now` (`target`: the review
    target in business days, read from the settings when not given)."""
    today = clock.local_today(institution, now)
    weight = institution.checklist_weight
    levels: Counter = Counter()
    stages: Counter = Counter()
    bands: Counter = Counter()
    students = overdue_students = overdue_items = score_sum = 0
    changes: list[datetime] = []
    for facts in cohorts_students_facts(today, cohort_ids):
        readiness = assess(facts.facts, now, weight)
        moment = level_changes_at(facts.facts, now)
        if moment is not None:
            changes.append(moment)
        students += 1
        levels[readiness.level] += 1
        stages[readiness.stage] += 1
        bands[score_band(readiness.score)] += 1
        score_sum += readiness.score
        overdue_items += readiness.overdue
        overdue_students += 1 if readiness.overdue else 0
    starts, bounds = week_bounds(institution, now)
    completed = queries.items_completed_by_week(cohort_ids, bounds)
    submitted = queries.blueprints_submitted_by_week(cohort_ids, bounds)
    return Report(
        students=students,
        levels=[Line(lvl.label, levels[lvl], students, lvl.tone) for lvl in Level],
        stages=[Line(stage.label, stages[stage], students) for stage in BlueprintStage],
        score_bands=[
            Line(f"{low}–{high}", bands[index], students)
            for index, (low, high) in enumerate(SCORE_BANDS)
        ],
        overdue_students=overdue_students,
        overdue_items=overdue_items,
        average_score=round(score_sum / students) if students else None,
        competencies=[
            Line(name, done, total)
            for name, done, total in cohorts_competency_completion(cohort_ids)
        ],
        checklists=[
            Line(title, done, total)
            for title, done, total in queries.checklist_completion(cohort_ids)
        ],
        turnaround=turnaround(
            queries.decided_revisions(cohort_ids),
            clock.zone_of(institution),
            review_target_days(institution) if target is None else target,
        ),
        weeks=[Week(s, c, b) for s, c, b in zip(starts, completed, submitted, strict=True)],
        expires_at=min(changes, default=None),
    )


@dataclass(frozen=True)
class Cell:
    """A count as an aggregate report shows it: the number, or hidden (None)."""

    label: str
    value: int | None

    def shown(self, threshold: int) -> str:
        return str(self.value) if self.value is not None else f"<{threshold}"


@dataclass
class AggregateTable:
    title: str
    unit: str  # what is counted
    cells: list[Cell]
    total: int | None


def aggregate_tables(report: Report, threshold: int) -> list[AggregateTable]:
    """Return the report's counts of students with small cells hidden (numbers.suppress)."""

    def table(title: str, lines: list[Line], unit: str = "students") -> AggregateTable:
        counts = {line.label: line.count for line in lines}
        shown = suppress(counts, threshold)
        return AggregateTable(
            title,
            unit,
            [Cell(label, shown[label]) for label in counts],
            suppressed_total(counts, threshold),
        )

    overdue = {
        "With overdue items": report.overdue_students,
        "Without overdue items": report.students - report.overdue_students,
    }
    tables = [
        table("Students per readiness level", report.levels),
        table("Students per blueprint stage", report.stages),
        table("Students per score band", report.score_bands),
        table(
            "Students with overdue items", [Line(k, v, report.students) for k, v in overdue.items()]
        ),
    ]
    for line in report.checklists:
        finished = {"Completed": line.count, "Not completed": line.total - line.count}
        tables.append(
            table(f"Checklist: {line.label}", [Line(k, v, line.total) for k, v in finished.items()])
        )
    return tables
