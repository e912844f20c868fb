"""The conversion report: how many students reached each step, and how many went on.

One statement gathers, for every student of the cohorts in scope, the readiness facts (over
those cohorts), the best blueprint stage and which steps any of their blueprints reached; the
readiness rules then give each student's level in one Python pass. So the page makes the same
number of queries for 5 students as for 5,000.

Conversion from one step to the next is the share of the students who reached the first that
also reached the next (a student who reports an offer without the interviews still counts as
reaching the offer, not as converting to it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, and_, case, false, func, select

from ..cohorts.models import Cohort, CohortAdvisor, CohortStudent
from ..extensions import db
from ..plans.models import Plan
from ..readiness.queries import (  # the readiness facts, for any scope
    aware,
    facts_subquery,
    join_stages,
)
from ..readiness.rules import Facts, Level, level
from ..stages import BlueprintStage, blueprint_stage_source
from ..tenancy import clock
from ..tenancy.models import Membership, Role
from .models import STEP_LABELS, Outcome, Step

SPONSOR = "sponsor_agreed"
# The funnel: every step, with the interviewer's "yes" to the hook as a step of its own.
FUNNEL: list[tuple[str, str]] = [
    (Step.FIRST_INTERVIEW.value, STEP_LABELS[Step.FIRST_INTERVIEW]),
    (Step.HOOK_ASKED.value, STEP_LABELS[Step.HOOK_ASKED]),
    (SPONSOR, "Interviewer agreed to sponsor it"),
    (Step.SECOND_INTERVIEW.value, STEP_LABELS[Step.SECOND_INTERVIEW]),
    (Step.LEAVE_BEHIND.value, STEP_LABELS[Step.LEAVE_BEHIND]),
    (Step.OFFER_RECEIVED.value, STEP_LABELS[Step.OFFER_RECEIVED]),
    (Step.OFFER_ACCEPTED.value, STEP_LABELS[Step.OFFER_ACCEPTED]),
]
KEYS = [key for key, _ in FUNNEL]


@dataclass(frozen=True)
class Filters:
    term: str = ""
    cohort_id: int | None = None


def scope_cohorts(member: Membership) -> Select:
    """Return a select of the cohorts `member` may report on: all (admin) or those they advise."""
    stmt = select(Cohort)
    if member.role is Role.ADVISOR:
        advised = select(CohortAdvisor.cohort_id).where(CohortAdvisor.membership_id == member.id)
        stmt = stmt.where(Cohort.id.in_(advised))
    elif member.role is not Role.ADMIN:
        stmt = stmt.where(false())
    return stmt.order_by(Cohort.term, Cohort.name)


@dataclass
class Group:
    """One group of students (all, by blueprint stage, by level) and how far they got."""

    key: str
    label: str
    students: int = 0
    reached: list[int] = field(default_factory=lambda: [0] * len(FUNNEL))
    went_on: list[int] = field(default_factory=lambda: [0] * len(FUNNEL))  # reached k and k-1

    def add(self, steps: list[bool]) -> None:
        self.students += 1
        for index, reached in enumerate(steps):
            if reached:
                self.reached[index] += 1
                if index and steps[index - 1]:
                    self.went_on[index] += 1

    def share(self, index: int) -> int:
        """Return the percentage of the group's students who reached step `index`."""
        return round(100 * self.reached[index] / self.students) if self.students else 0

    def conversion(self, index: int) -> int | None:
        """Return the percentage of those who reached the step before who reached this one."""
        if index == 0:
            return None
        before = self.reached[index - 1]
        return round(100 * self.went_on[index] / before) if before else None


@dataclass
class Report:
    filters: Filters
    groups: list[Group]

    @property
    def everyone(self) -> Group:
        return self.groups[0]

    @property
    def by_stage(self) -> list[Group]:
        return self.groups[1:3]

    @property
    def by_level(self) -> list[Group]:
        return self.groups[3:]


def _outcome_columns():
    reached = [
        func.max(case((Outcome.step == step.value, 1), else_=0)).label(step.value) for step in Step
    ]
    sponsor = func.max(
        case(
            (and_(Outcome.step == Step.HOOK_ASKED.value, Outcome.sponsor_agreed.is_(True)), 1),
            else_=0,
        )
    ).label(SPONSOR)
    return [*reached, sponsor]


def _statement(cohorts: Select) -> Select:
    cohort_ids = cohorts.with_only_columns(Cohort.id).order_by(None)
    where = CohortStudent.cohort_id.in_(cohort_ids)
    people_select = select(CohortStudent.membership_id).where(where)
    people = (
        select(CohortStudent.membership_id.label("membership_id"))
        .where(where)
        .group_by(CohortStudent.membership_id)
        .subquery("people")
    )
    facts = facts_subquery(where)
    outcomes = (
        select(Plan.owner_id.label("membership_id"), *_outcome_columns())
        .join(Outcome, Outcome.plan_id == Plan.id)
        .where(Plan.owner_id.in_(people_select))
        .group_by(Plan.owner_id)
        .subquery("outcomes")
    )
    stmt = (
        select(
            people.c.membership_id,
            facts.c.required_total,
            facts.c.required_complete,
            facts.c.items_touched,
            facts.c.overdue,
            *(outcomes.c[key] for key in KEYS),
        )
        .select_from(people)
        .join(Membership, Membership.id == people.c.membership_id)
        .where(Membership.role == Role.STUDENT)
        .outerjoin(facts, facts.c.membership_id == people.c.membership_id)
        .outerjoin(outcomes, outcomes.c.membership_id == people.c.membership_id)
    )
    source = blueprint_stage_source()
    if source is not None:
        stmt = join_stages(stmt, source, people_select, people.c.membership_id)
    return stmt


def _facts(row, with_stages: bool) -> Facts:
    return Facts(
        required_total=int(row.required_total or 0),
        required_complete=int(row.required_complete or 0),
        items_touched=int(row.items_touched or 0),
        overdue=int(row.overdue or 0),
        stage=BlueprintStage(row.stage) if with_stages and row.stage else BlueprintStage.NONE,
        changes_requested_at=aware(row.changes_requested_at) if with_stages else None,
        blueprint_updated_at=aware(row.blueprint_updated_at) if with_stages else None,
    )


def filtered(cohorts: Select, filters: Filters) -> Select:
    """Narrow the cohorts in scope to the filters' term and cohort."""
    if filters.term:
        cohorts = cohorts.where(Cohort.term == filters.term)
    if filters.cohort_id is not None:
        cohorts = cohorts.where(Cohort.id == filters.cohort_id)
    return cohorts


def conversion_report(member: Membership, filters: Filters, now: datetime) -> Report:
    """Return the report over the cohorts `member` may see, narrowed by `filters` (one query)."""
    today = clock.local_today(member.institution, now)
    statement = _statement(filtered(scope_cohorts(member), filters))
    with_stages = blueprint_stage_source() is not None
    groups = [Group("all", "All students")]
    groups += [
        Group("approved", "Approved blueprint"),
        Group("not_approved", "No approved blueprint"),
    ]
    groups += [Group(lvl.value, lvl.label) for lvl in Level]
    by_key = {g.key: g for g in groups}
    for row in db.session.execute(statement, {"today": today}):
        facts = _facts(row, with_stages)
        steps = [bool(getattr(row, key)) for key in KEYS]
        groups[0].add(steps)
        approved = facts.stage is BlueprintStage.APPROVED
        by_key["approved" if approved else "not_approved"].add(steps)
        by_key[level(facts, now).value].add(steps)
    return Report(filters, groups)
