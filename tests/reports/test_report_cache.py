"""The report cache: a second view reads nothing of the students, every change that moves a
number shows on the next view, keys follow the viewer's cohorts, and entries stay bounded."""

from __future__ import annotations

import os
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from careercenter.checklists.models import Assignment, ChecklistItem
from careercenter.cohorts.models import CohortStudent
from careercenter.extensions import db
from careercenter.outcomes.models import Step
from careercenter.outcomes.services import record_step
from careercenter.plans.models import Plan, PlanState, RevisionState
from careercenter.plans.services import approve
from careercenter.reports import cache
from careercenter.reports.scope import ReportFilters, report_scope
from careercenter.reviews.models import ReviewSettings
from careercenter.tenancy import clock
from careercenter.tenancy.models import Institution
from careercenter.tenancy.scoping import tenant_scope
from tests import factories

from .fixture import NOW, _plan, build


@pytest.fixture
def fx(world, monkeypatch):
    monkeypatch.setattr(clock, "utc_now", lambda: NOW)
    return build(world)


def _view(client, count_queries, path: str) -> tuple[str, bool]:
    """Return the page's figures and whether the view read the students (a cache miss)."""
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    read_students = any("item_progress" in statement for statement in statements)
    assert read_students or len(statements) <= 6, statements
    return page.split('id="export-heading"', 1)[1], read_students


def test_a_second_view_reads_nothing_of_the_students(fx, auth, client, count_queries):
    auth.login_as(fx.tenant.admin)
    path = f"/{fx.tenant.slug}/reports"
    first, computed = _view(client, count_queries, path)
    assert computed and STAT.format(7) in first
    again, computed = _view(client, count_queries, path)
    assert not computed
    assert again == first
    cohort = f"/{fx.tenant.slug}/cohorts/{fx.cohort_b.id}/report"
    one, computed = _view(client, count_queries, cohort)
    assert computed and "this cohort" not in one  # B has students
    assert _view(client, count_queries, cohort) == (one, False)


def _student(fx, key):
    return fx.students[key]


def _tick(fx):
    with tenant_scope(fx.tenant.institution):
        assignment = db.session.execute(
            select(Assignment).where(Assignment.cohort_id == fx.cohort_a.id)
        ).scalar_one()
        item = db.session.execute(
            select(ChecklistItem).where(
                ChecklistItem.version_id == assignment.version_id, ChecklistItem.title == "i1"
            )
        ).scalar_one()
    factories.set_progress(fx.tenant.institution, assignment, item, _student(fx, "s4"))


def _submission(fx):
    _plan(
        fx.tenant,
        _student(fx, "s3"),
        PlanState.SUBMITTED,
        [(NOW - timedelta(hours=1), None, RevisionState.SUBMITTED)],
    )


def _plan_of(fx, key) -> Plan:
    owner = _student(fx, key).id
    return db.session.execute(select(Plan).where(Plan.owner_id == owner)).scalar_one()


def _review_published(fx):
    with tenant_scope(fx.tenant.institution):
        approve(_plan_of(fx, "s2"), fx.tenant.advisor)
        db.session.commit()


def _outcome(fx):
    with tenant_scope(fx.tenant.institution):
        plan = _plan_of(fx, "s1")
        record_step(plan, Step.FIRST_INTERVIEW, _student(fx, "s1"), date(2026, 11, 27), None, 0)
        db.session.commit()


def _enrolment(fx):
    newcomer = factories.create_member(fx.tenant.institution, "student", name="Newcomer")
    with tenant_scope(fx.tenant.institution):
        db.session.add(CohortStudent(cohort_id=fx.cohort_a.id, membership_id=newcomer.id))
        db.session.commit()


def _threshold(fx):
    institution = db.session.get(Institution, fx.tenant.institution.id)
    institution.report_min_cell = 5
    db.session.commit()


def _target_days(fx):
    with tenant_scope(fx.tenant.institution):
        db.session.add(ReviewSettings(target_days=4))
        db.session.commit()


STAT = '<span class="stat-value">{}</span> <span class="stat-label">Students</span>'
STAGE = '<th scope="row">Submitted</th><td>{}</td>'
# change -> (text on the page before, after); None: the numbers stay, but are read again
CHANGES = {
    "tick": (_tick, ">5 of 13<", ">6 of 13<"),  # Communication items complete
    "submission": (_submission, STAGE.format(1), STAGE.format(2)),
    "review published": (_review_published, "over 2 decisions", "over 3 decisions"),
    "outcome recorded": (_outcome, None, None),
    "enrolment": (_enrolment, STAT.format(7), STAT.format(8)),
    "suppression threshold": (_threshold, "Counts from 1 to 9", "Counts from 1 to 4"),
    "target days": (_target_days, "target of 2 business days", "target of 4 business days"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_change_shows_on_the_next_view(fx, auth, client, count_queries, arrange, change):
    make, before, after = CHANGES[change]
    auth.login_as(fx.tenant.admin)
    path = f"/{fx.tenant.slug}/reports"
    _view(client, count_queries, path)
    first, computed = _view(client, count_queries, path)
    assert not computed
    make(fx)
    page, computed = _view(client, count_queries, path)
    if before is not None:
        assert before in first and before not in page and after in page, change
    # The threshold is applied when shown, never cached; anything else reads the numbers
    # again (an outcome moves none of the page's figures, but its blueprint's data version).
    assert computed is (change != "suppression threshold")


def test_advisors_get_their_cohorts_numbers(fx, auth, client, count_queries):
    path = f"/{fx.tenant.slug}/reports"
    auth.login_as(fx.advisor2)  # advises cohort B only: s1, s5, s6
    mine, _ = _view(client, count_queries, path)
    auth.logout()
    auth.login_as(fx.tenant.admin)
    everyone, _ = _view(client, count_queries, path)
    auth.logout()
    auth.login_as(fx.advisor2)
    again, computed = _view(client, count_queries, path)
    assert again == mine and not computed
    assert STAT.format(3) in mine and STAT.format(7) in everyone


def test_nothing_is_kept_inside_a_transaction_with_changes(fx, arrange):
    institution = fx.tenant.institution
    with tenant_scope(institution):
        scope = report_scope(fx.tenant.admin, ReportFilters())
        assert cache.report_key(institution, scope.cohort_ids, NOW, 2) is not None
        db.session.add(CohortStudent(cohort_id=fx.cohort_a.id, membership_id=fx.students["s5"].id))
        db.session.flush()
        assert cache.report_key(institution, scope.cohort_ids, NOW, 2) is None
        db.session.rollback()


def test_a_report_ends_when_a_level_may_change_with_time(fx, arrange):
    institution = fx.tenant.institution
    with tenant_scope(institution):
        plan = _plan_of(fx, "s2")
        from careercenter.plans.services import request_changes

        request_changes(plan)
        db.session.commit()
        ids = [fx.cohort_a.id, fx.cohort_b.id]
        report = cache.cached_report(institution, ids, NOW)
    assert report.expires_at == NOW + timedelta(days=7)
    assert report.fresh_at(NOW + timedelta(days=6)) and not report.fresh_at(report.expires_at)


def test_numbers_round_trip_through_json(fx, arrange):
    institution = fx.tenant.institution
    with tenant_scope(institution):
        report = cache.build_report(institution, [fx.cohort_a.id, fx.cohort_b.id], NOW)
    assert cache.decode(cache.encode(report)) == report


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="needs TEST_REDIS_URL")
def test_redis_keeps_at_most_max_shared(fx, app, monkeypatch):
    monkeypatch.setattr(cache, "MAX_SHARED", 2)
    with app.app_context(), tenant_scope(fx.tenant.institution):
        store = cache._redis()
        assert store is not None
        cache.clear()
        report = cache.build_report(fx.tenant.institution, [], NOW)
        for n in range(3):
            cache._redis_put(store, f"{cache.PREFIX}test-{n}", report, NOW)
        kept = [name.decode() for name in store.zrange(cache.INDEX, 0, -1)]
        assert kept == [f"{cache.PREFIX}test-1", f"{cache.PREFIX}test-2"]
        assert store.get(f"{cache.PREFIX}test-0") is None
        assert cache.decode(store.get(f"{cache.PREFIX}test-2")) == report
        cache.clear()


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="needs TEST_REDIS_URL")
def test_another_worker_reads_the_numbers_from_redis(fx, auth, client, count_queries):
    auth.login_as(fx.tenant.admin)
    path = f"/{fx.tenant.slug}/reports"
    first, computed = _view(client, count_queries, path)
    assert computed
    cache.memory.clear()  # as in a worker that has not shown this report yet
    again, computed = _view(client, count_queries, path)
    assert again == first and not computed
