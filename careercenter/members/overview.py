"""What the member page shows of a person's work here: their cohorts and a student's readiness.

Two statements whatever the number of cohorts: the cohorts (enrolled in, or advised), and for
a student the one readiness facts query over all their checklists.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g
from sqlalchemy import select

from ..cohorts.models import Cohort, CohortAdvisor, CohortStudent
from ..extensions import db
from ..readiness.queries import students_facts
from ..readiness.rules import DEFAULT_CHECKLIST_WEIGHT, Readiness, assess
from ..tenancy import clock
from ..tenancy.models import Membership, Role


@dataclass(frozen=True)
class MemberOverview:
    """A member's cohorts (as a student or as an advisor) and, for a student, readiness."""

    cohorts: list[Cohort]
    readiness: Readiness | None

    @property
    def shows_student_records(self) -> bool:
        return self.readiness is not None


def member_overview(membership: Membership) -> MemberOverview:
    """Return the cohorts and readiness the member page shows for `membership`."""
    if membership.role is Role.ADMIN or not membership.is_accepted:
        return MemberOverview([], None)
    link = CohortStudent if membership.role is Role.STUDENT else CohortAdvisor
    cohorts = list(
        db.session.execute(
            select(Cohort)
            .join(link, link.cohort_id == Cohort.id)
            .where(link.membership_id == membership.id)
            .order_by(Cohort.status, Cohort.name)
        ).scalars()
    )
    if membership.role is not Role.STUDENT:
        return MemberOverview(cohorts, None)
    institution = g.get("institution")
    now = clock.utc_now()
    facts = students_facts(clock.local_today(institution, now), membership_id=membership.id)
    weight = institution.checklist_weight if institution else DEFAULT_CHECKLIST_WEIGHT
    return MemberOverview(cohorts, assess(facts[0].facts, now, weight) if facts else None)
