"""The student home counts its facts in Python over its item rows; on the bench's volume
(done, verified, returned, overdue and untouched items, blueprints in every state) they equal
the readiness SQL's, student by student, and so do its competencies and cohorts."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from careercenter.cohorts.models import Cohort, CohortStudent
from careercenter.extensions import db
from careercenter.readiness.queries import student_competencies, students_facts
from careercenter.readiness.student import CohortCard, student_snapshot
from careercenter.tenancy.scoping import tenant_scope


def test_the_home_snapshot_agrees_with_the_readiness_sql_for_every_student(seeded):
    main = seeded.main
    seen_overdue = seen_stage = 0
    with tenant_scope(main.institution):
        for today in (date.today(), date.today() + timedelta(days=40)):  # later: more overdue
            for member in main.students:
                snapshot = student_snapshot(member, today)
                (expected,) = students_facts(today, membership_id=member)
                assert snapshot.facts == expected.facts, member
                assert snapshot.competencies == student_competencies(member), member
                cohorts = db.session.execute(
                    select(Cohort)
                    .join(CohortStudent, CohortStudent.cohort_id == Cohort.id)
                    .where(CohortStudent.membership_id == member)
                    .order_by(Cohort.name)
                ).scalars()
                assert snapshot.cohorts == [CohortCard(c.id, c.name, c.term) for c in cohorts]
                seen_overdue += snapshot.facts.overdue > 0
                seen_stage += snapshot.facts.stage.value != "none"
    assert seen_overdue and seen_stage  # the volume exercised both
