"""A student's cohorts in their records; removal takes them out of every cohort."""

from __future__ import annotations

from sqlalchemy import delete, select

from ..extensions import db
from ..record_sections import Collected, register_section
from ..tenancy.models import Membership
from .models import Cohort, CohortAdvisor, CohortStudent


def collect_cohorts(membership: Membership) -> Collected:
    rows = db.session.execute(
        select(Cohort.name, Cohort.term, CohortStudent.enrolled_at)
        .join(CohortStudent, CohortStudent.cohort_id == Cohort.id)
        .where(CohortStudent.membership_id == membership.id)
        .order_by(CohortStudent.enrolled_at, Cohort.id)
    )
    return Collected(
        [
            {"cohort": name, "term": term, "enrolled_at": enrolled.isoformat()}
            for name, term, enrolled in rows
        ]
    )


def erase_cohorts(membership: Membership) -> None:
    for model in (CohortStudent, CohortAdvisor):
        db.session.execute(
            delete(model)
            .where(model.membership_id == membership.id)
            .execution_options(synchronize_session=False)
        )


register_section(
    "cohorts",
    collect_cohorts,
    erase_cohorts,
    order=20,
    description="The cohorts you are enrolled in, and since when.",
)
