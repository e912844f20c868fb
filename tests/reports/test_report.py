"""The report's numbers against the hand-computed fixture, filters, scope and roles."""

from __future__ import annotations

import pytest

from careercenter.readiness.rules import Level
from careercenter.reports.scope import ReportFilters, report_scope
from careercenter.reports.summary import aggregate_tables, build_report
from careercenter.tenancy import clock
from careercenter.tenancy.scoping import tenant_scope

from .fixture import NOW, build


@pytest.fixture
def fx(world, monkeypatch):
    monkeypatch.setattr(clock, "utc_now", lambda: NOW)
    return build(world)


def _report(fx, cohorts):
    with tenant_scope(fx.tenant.institution):
        return build_report(fx.tenant.institution, [c.id for c in cohorts], NOW)


def test_numbers_match_the_hand_computed_fixture(fx, arrange):
    report = _report(fx, [fx.cohort_a, fx.cohort_b])
    assert report.students == 7
    assert {line.label: line.count for line in report.levels} == {
        Level.NOT_STARTED.label: 2,
        Level.AT_RISK.label: 1,
        Level.ON_TRACK.label: 3,
        Level.INTERVIEW_READY.label: 1,
    }
    assert {line.label: line.count for line in report.stages} == {
        "None": 5,
        "Draft": 0,
        "Submitted": 1,
        "Changes requested": 0,
        "Approved": 1,
    }
    assert [line.count for line in report.score_bands] == [4, 0, 1, 1, 1]
    assert report.average_score == 31  # (100 + 50 + 70) / 7
    assert (report.overdue_students, report.overdue_items) == (1, 1)
    assert [(c.label, c.count, c.total) for c in report.checklists] == [
        ("Checklist X", 1, 5),
        ("Checklist Y", 2, 3),
    ]
    assert [(c.label, c.count, c.total) for c in report.competencies] == [
        ("Communication", 5, 13),
        ("Teamwork", 1, 5),
    ]
    t = report.turnaround
    assert t.count == 2
    assert t.median_hours == pytest.approx(35)
    assert t.p90_hours == pytest.approx(16 + 0.9 * 38)
    assert (t.within_target, t.target_days, t.share_within) == (1, 2, 50)
    weeks = {w.starts_on.isoformat(): w for w in report.weeks}
    assert len(report.weeks) == 12 and report.weeks[-1].starts_on.isoformat() == "2026-11-30"
    assert weeks["2026-11-30"].items_completed == 7  # every tick, made "now"
    assert weeks["2026-11-23"].blueprints_submitted == 2
    assert weeks["2026-11-16"].blueprints_submitted == 1
    assert sum(w.items_completed for w in report.weeks) == 7


def test_one_cohort_counts_only_its_items(fx, arrange):
    report = _report(fx, [fx.cohort_b])
    assert report.students == 3
    assert [(c.label, c.count, c.total) for c in report.checklists] == [("Checklist Y", 2, 3)]
    assert report.turnaround.count == 2  # s1 is in B


def test_suppression_hides_small_cells_and_their_complements(fx, arrange):
    report = _report(fx, [fx.cohort_a, fx.cohort_b])
    tables = {t.title: t for t in aggregate_tables(report, 5)}
    levels = {c.label: c.value for c in tables["Students per readiness level"].cells}
    # 7 students: every non-zero count is below 5 and hidden; the total (7) is shown.
    assert levels == dict.fromkeys(levels, None)
    assert tables["Students per readiness level"].total == 7
    stages = {c.label: c.value for c in tables["Students per blueprint stage"].cells}
    assert stages == {
        "None": 5,
        "Draft": 0,
        "Submitted": None,
        "Changes requested": 0,
        "Approved": None,
    }
    overdue = tables["Students with overdue items"]
    # 1 hidden; its complement (6) hidden too, or the total would give it away.
    assert [c.value for c in overdue.cells] == [None, None]
    assert tables["Checklist: Checklist Y"].total is None  # 3 students: below 5
    tables10 = aggregate_tables(report, 10)
    assert all(t.total is None for t in tables10)  # 7 < 10: everything hidden


def test_scope_of_filters_and_advisors(fx, arrange):
    t = fx.tenant
    with tenant_scope(t.institution):
        admin = report_scope(t.admin, ReportFilters())
        assert {c.id for c in admin.selected} == {fx.cohort_a.id, fx.cohort_b.id}
        assert admin.terms == ["Spring 2027", "Fall 2026"]
        spring = report_scope(t.admin, ReportFilters(term="Spring 2027"))
        assert spring.cohort_ids == [fx.cohort_b.id]
        by_advisor = report_scope(t.admin, ReportFilters(advisor_id=fx.advisor2.id))
        assert by_advisor.cohort_ids == [fx.cohort_b.id]
        assert "Advisor: Second Advisor" in by_advisor.describe()
        mine = report_scope(t.advisor, ReportFilters())
        assert mine.cohort_ids == [fx.cohort_a.id]
        # An advisor asking for another's cohort gets nothing.
        assert report_scope(t.advisor, ReportFilters(cohort_id=fx.cohort_b.id)).cohort_ids == []
        assert report_scope(t.advisor, ReportFilters(), cohort_id=fx.cohort_b.id).selected == []


def test_filters_ignore_bad_values():
    f = ReportFilters.from_args({"term": "  Fall ", "cohort": "x", "advisor": "99999999999"})
    assert (f.term, f.cohort_id, f.advisor_id) == ("Fall", None, None)
    assert ReportFilters.from_args({"cohort": "7"}).as_args() == {"cohort": 7}


def test_report_page_for_admin_and_advisor(fx, auth, client):
    t = fx.tenant
    auth.login_as(t.admin)
    page = client.get(f"/{t.slug}/reports").get_data(as_text=True)
    assert "7 students" in page and "All cohorts" in page
    for title in (
        "levels-chart",
        "scores-chart",
        "stages-chart",
        "checklists-chart",
        "competency-chart",
        "trend-items-chart",
        "trend-plans-chart",
    ):
        assert f'id="{title}"' in page
    assert "<svg" in page and "<caption>Students per readiness level</caption>" in page
    page = client.get(f"/{t.slug}/reports?term=Spring+2027").get_data(as_text=True)
    assert "3 students" in page and "Term: Spring 2027" in page
    page = client.get(f"/{t.slug}/cohorts/{fx.cohort_b.id}/report").get_data(as_text=True)
    assert "3 students" in page and "Spring cohort" in page
    auth.logout()
    auth.login_as(t.advisor)
    page = client.get(f"/{t.slug}/reports").get_data(as_text=True)
    assert "5 students" in page and "your cohorts only" in page
    assert "Spring cohort" not in page
    assert client.get(f"/{t.slug}/cohorts/{fx.cohort_b.id}/report").status_code == 404


def test_students_cannot_see_reports(world, auth, client):
    auth.login_as(world.a.student)
    for path in (
        "reports",
        "reports/readiness.csv",
        "reports/aggregate.csv",
        "reports/readiness.pdf",
        f"cohorts/{world.a.cohort.id}/report",
        "settings/reports",
    ):
        assert client.get(f"/{world.a.slug}/{path}").status_code == 403, path
    auth.logout()
    auth.login_as(world.a.advisor)
    assert client.get(f"/{world.a.slug}/settings/reports").status_code == 403
