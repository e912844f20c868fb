"""The demo seed gives the report something in every chart."""

from __future__ import annotations

from careercenter.demo import seed_demo
from careercenter.reports.scope import ReportFilters, report_scope
from careercenter.reports.summary import build_report
from careercenter.tenancy import clock
from careercenter.tenancy.scoping import tenant_scope


def test_demo_report_fills_every_chart(arrange):
    seeded = seed_demo()
    seed_demo()
    demo = seeded[0]
    with tenant_scope(demo.institution):
        scope = report_scope(demo.admin, ReportFilters())
        report = build_report(demo.institution, scope.cohort_ids, clock.utc_now())
    assert report.students >= 6
    assert sum(1 for line in report.levels if line.count) >= 3
    assert sum(1 for line in report.stages if line.count) >= 3
    assert report.checklists and report.competencies
    assert report.turnaround.count >= 2 and report.turnaround.median_days
    assert sum(1 for w in report.weeks if w.items_completed) >= 3
    assert sum(1 for w in report.weeks if w.blueprints_submitted) >= 2
