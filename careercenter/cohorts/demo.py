"""Demo cohorts: a fall and a spring cohort, advised and filled with the demo students."""

from __future__ import annotations

from ..demo import DemoInstitution, get_or_create, seed_step
from ..extensions import db
from ..tenancy.models import Membership
from .models import Cohort, CohortAdvisor, CohortStudent


def _cohort(name: str, term: str, description: str) -> Cohort:
    return get_or_create(Cohort, {"term": term, "description": description}, name=name)


def _link(model, cohort: Cohort, membership: Membership) -> None:
    get_or_create(model, cohort_id=cohort.id, membership_id=membership.id)


@seed_step(order=20)
def seed_cohorts(demo: DemoInstitution) -> None:
    """Make the two cohorts; the shared advisor advises spring; every third student is in it."""
    fall = _cohort(
        "Class of 2027 – Business",
        "Fall 2026",
        "Seniors preparing for their first full-time role.",
    )
    spring = _cohort(
        "Engineering Co-op",
        "Spring 2027",
        "Students heading into co-op interviews this spring.",
    )
    for cohort in (fall, spring):
        _link(CohortAdvisor, cohort, demo.advisor)
    _link(CohortAdvisor, spring, demo.shared_advisor)
    for index, student in enumerate(demo.students):
        _link(CohortStudent, fall if index % 3 != 2 else spring, student)
    db.session.flush()
    demo.cohorts = [fall, spring]
