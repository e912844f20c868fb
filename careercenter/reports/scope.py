"""Which cohorts a report covers: the viewer's cohorts narrowed by term, cohort and advisor.

Admins see every cohort of the institution, advisors only the cohorts they advise. One query
reads the cohorts (whole: the report cache reads their readiness versions) with their
advisors; the filters are applied in Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import aliased

from ..auth.models import User
from ..cohorts.models import Cohort, CohortAdvisor
from ..extensions import db
from ..sorting import name_key
from ..tenancy.models import Membership


def _int(value: object) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


@dataclass(frozen=True)
class ReportFilters:
    """What the report form asked for; empty values mean "all"."""

    term: str = ""
    cohort_id: int | None = None
    advisor_id: int | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> ReportFilters:
        """Read the filters from query arguments (or a stored export), ignoring bad values."""
        return cls(
            term=str(args.get("term") or "").strip()[:60],
            cohort_id=_int(args.get("cohort")),
            advisor_id=_int(args.get("advisor")),
        )

    def as_args(self) -> dict[str, Any]:
        """Return the query arguments that ask for these filters again."""
        args = {"term": self.term, "cohort": self.cohort_id, "advisor": self.advisor_id}
        return {key: value for key, value in args.items() if value}


@dataclass(frozen=True)
class CohortChoice:
    id: int
    name: str
    term: str
    advisor_ids: frozenset[int]


@dataclass
class ReportScope:
    """The cohorts a viewer may report on, the choices of the filter form, and the selection."""

    filters: ReportFilters
    cohorts: list[CohortChoice]
    advisors: list[tuple[int, str]]
    selected: list[CohortChoice] = field(default_factory=list)
    fixed: CohortChoice | None = None  # a cohort's own report
    # The cohorts' rows, held so that the session (whose identity map is weak) keeps them for
    # the report cache to read their versions without a query.
    rows: list[Cohort] = field(default_factory=list, repr=False)

    @property
    def terms(self) -> list[str]:
        return sorted({c.term for c in self.cohorts if c.term}, reverse=True)

    @property
    def cohort_ids(self) -> list[int]:
        return [c.id for c in self.selected]

    def describe(self) -> str:
        """Return the filters in words, for exports and their audit trail."""
        if self.fixed is not None:
            return f"Cohort: {self.fixed.name}"
        parts = []
        if self.filters.term:
            parts.append(f"Term: {self.filters.term}")
        cohort = next((c for c in self.cohorts if c.id == self.filters.cohort_id), None)
        if cohort is not None:
            parts.append(f"Cohort: {cohort.name}")
        advisor = dict(self.advisors).get(self.filters.advisor_id or 0)
        if advisor is not None:
            parts.append(f"Advisor: {advisor}")
        return " · ".join(parts) or "All cohorts"

    def audit_filters(self) -> dict[str, Any]:
        """Return the filters and the cohorts they resolved to, for the audit log."""
        return {
            **self.filters.as_args(),
            "cohort_ids": self.cohort_ids,
            "described": self.describe(),
        }


@cache
def _cohorts_statement(admin: bool) -> Select:
    """Build the cohorts with their advisors, an advisor's only (built once per kind, so the
    scoped copy the tenancy makes of it is kept too)."""
    advisor = aliased(CohortAdvisor)
    # Whole cohorts: the session keeps them, so the report cache reads their versions for free.
    stmt = (
        select(Cohort, CohortAdvisor.membership_id)
        .outerjoin(CohortAdvisor, CohortAdvisor.cohort_id == Cohort.id)
        .order_by(Cohort.name, Cohort.id)
    )
    if not admin:
        stmt = stmt.join(
            advisor,
            (advisor.cohort_id == Cohort.id)
            & (advisor.membership_id == bindparam("membership_id")),
        )
    return stmt


def _visible_cohorts(membership: Membership) -> tuple[list[CohortChoice], list[Cohort]]:
    stmt = _cohorts_statement(membership.is_admin)
    params = {} if membership.is_admin else {"membership_id": membership.id}
    found: dict[int, tuple[str, str, set[int]]] = {}
    rows: dict[int, Cohort] = {}
    for cohort, advisor_id in db.session.execute(stmt, params):
        entry = found.setdefault(cohort.id, (cohort.name, cohort.term or "", set()))
        rows[cohort.id] = cohort
        if advisor_id is not None:
            entry[2].add(advisor_id)
    choices = [
        CohortChoice(cid, name, term, frozenset(advisors))
        for cid, (name, term, advisors) in found.items()
    ]
    return choices, list(rows.values())


@cache
def _names_statement() -> Select:
    return (
        select(Membership.id, User.name)
        .join(User, User.id == Membership.user_id)
        .where(Membership.id.in_(bindparam("ids", expanding=True)))
    )


def _advisor_names(ids: set[int]) -> list[tuple[int, str]]:
    if not ids:
        return []
    rows = db.session.execute(_names_statement(), {"ids": sorted(ids)}).all()
    return sorted(((mid, name) for mid, name in rows), key=lambda row: name_key(row[1]))


def report_scope(
    membership: Membership, filters: ReportFilters, cohort_id: int | None = None
) -> ReportScope:
    """Return the cohorts `membership` may report on and those the filters select (2 queries).

    With `cohort_id` (a cohort's own report) only that cohort is selected; it must be one the
    viewer may follow, else the selection is empty.
    """
    cohorts, rows = _visible_cohorts(membership)
    advisors = _advisor_names({a for c in cohorts for a in c.advisor_ids})
    scope = ReportScope(filters, cohorts, advisors, rows=rows)
    if cohort_id is not None:
        scope.fixed = next((c for c in cohorts if c.id == cohort_id), None)
        scope.selected = [scope.fixed] if scope.fixed else []
        return scope
    scope.selected = [
        c
        for c in cohorts
        if (not filters.term or c.term == filters.term)
        and (filters.cohort_id is None or c.id == filters.cohort_id)
        and (filters.advisor_id is None or filters.advisor_id in c.advisor_ids)
    ]
    return scope
