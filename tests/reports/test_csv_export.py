"""The per-student and aggregate CSVs: round-trip, neutralised cells, audit, constant queries."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from careercenter.audit import AuditEvent
from careercenter.auth.models import User
from careercenter.cohorts.models import CohortStudent
from careercenter.extensions import db
from careercenter.reports import columns
from careercenter.tenancy import clock
from careercenter.tenancy.models import Membership, Role
from careercenter.tenancy.scoping import tenant_scope
from tests import factories

from .fixture import NOW, build

TRICKY = {
    "=SUM(A1:A9)": "'=SUM(A1:A9)",
    "+1 555": "'+1 555",
    "-2+3": "'-2+3",
    "@cmd": "'@cmd",
    "\tTabbed": "'\tTabbed",
    "\rReturned": "'\rReturned",
    "\nFed": "'\nFed",
    'Say "hi", then\nleave': 'Say "hi", then\nleave',
    "Zoë Łucja 山田": "Zoë Łucja 山田",
}


def _rows(response):
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


@pytest.fixture
def fx(world, monkeypatch):
    monkeypatch.setattr(clock, "utc_now", lambda: NOW)
    return build(world)


def test_student_csv_round_trips(fx, auth, client, arrange):
    t = fx.tenant
    auth.login_as(t.admin)
    response = client.get(f"/{t.slug}/reports/readiness.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = _rows(response)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Name", "Email", "Cohorts"]
    assert header[-1] == "Last activity"
    assert len(body) == 7
    by_email = {row[1]: dict(zip(header, row, strict=True)) for row in body}
    s1 = by_email["s1@alpha.example"]
    assert s1["Name"] == "Ada Łucja"
    assert s1["Cohorts"] == f"{t.cohort.name}; Spring cohort"
    assert (s1["Level"], s1["Score"], s1["Completion (%)"]) == ("Interview-ready", "100", "100")
    assert (s1["Required items complete"], s1["Required items"]) == ("3", "3")
    assert s1["Blueprint stage"] == "Approved"
    assert s1["Last activity"] == "2026-11-30"
    s6 = by_email["s6@alpha.example"]
    assert (s6["Level"], s6["Overdue items"]) == ("At risk", "1")
    events = (
        db.session.execute(select(AuditEvent).where(AuditEvent.action == "reports.csv_exported"))
        .scalars()
        .all()
    )
    assert len(events) == 1
    assert events[0].detail["students"] == 7
    assert events[0].detail["filters"]["described"] == "All cohorts"


def test_every_formula_prefix_is_neutralised(world, auth, client, arrange):
    t = world.a
    students = [factories.create_member(t.institution, "student", name=name) for name in TRICKY]
    with tenant_scope(t.institution):
        for s in students:
            db.session.add(CohortStudent(cohort_id=t.cohort.id, membership_id=s.id))
        db.session.commit()
    auth.login_as(t.advisor)
    rows = _rows(client.get(f"/{t.slug}/cohorts/{t.cohort.id}/readiness.csv"))
    names = {row[0] for row in rows[1:]}
    assert names == set(TRICKY.values()) | {"alpha student"}
    for row in rows[1:]:
        assert not row[0].startswith(("=", "+", "-", "@", "\t", "\r", "\n"))


def test_registered_columns_join_in_one_query_per_batch(world, auth, client, arrange):
    t = world.a
    calls = []

    def fetch(ids, cohort_ids):
        calls.append(list(ids))
        return {ids[0]: "=first"}

    columns.register_column("Outcome test", fetch, order=99)
    try:
        auth.login_as(t.admin)
        rows = _rows(client.get(f"/{t.slug}/reports/readiness.csv"))
    finally:
        columns._columns[:] = [c for c in columns._columns if c.header != "Outcome test"]
    assert rows[0][-2] == "Outcome test"
    assert rows[1][-2] == "'=first"
    assert calls == [[t.student.id]]


def _bulk(tenant, n):
    with tenant_scope(tenant.institution):
        users = [User(email=f"bulk-{n}-{i}@x.example", name=f"Bulk {i:05}") for i in range(n)]
        db.session.add_all(users)
        db.session.flush()
        members = [Membership(user_id=u.id, role=Role.STUDENT) for u in users]
        db.session.add_all(members)
        db.session.flush()
        db.session.add_all(
            CohortStudent(cohort_id=tenant.cohort.id, membership_id=m.id) for m in members
        )
        db.session.commit()


def test_csv_reads_in_batches_and_pages_stay_constant(
    world, auth, client, arrange, count_queries, monkeypatch
):
    from careercenter.reports import exports

    t = world.a
    version = factories.create_checklist(t.institution)
    factories.assign_checklist(t.institution, t.cohort, version)
    auth.login_as(t.admin)
    monkeypatch.setattr(exports, "BATCH", 10)
    counts = {}
    for extra in (4, 36):
        _bulk(t, extra - (4 if counts else 0))
        client.get(f"/{t.slug}/reports")
        with count_queries() as page:
            assert client.get(f"/{t.slug}/reports").status_code == 200
        counts[extra] = len(page)
    assert counts[4] == counts[36], counts
    assert counts[36] <= 14, counts
    rows = _rows(client.get(f"/{t.slug}/reports/readiness.csv"))
    assert len(rows) == 1 + 37
    assert [r[0] for r in rows[1:]] == sorted(r[0] for r in rows[1:])


def test_outcome_steps_have_a_column_each(fx, auth, client, arrange):
    from careercenter.outcomes.models import Outcome, Step
    from careercenter.plans.models import Plan

    t = fx.tenant
    with tenant_scope(t.institution):
        s1 = db.session.execute(
            select(Membership)
            .join(User, User.id == Membership.user_id)
            .where(User.email == "s1@alpha.example")
        ).scalar_one()
        plan_id = db.session.execute(select(Plan.id).where(Plan.owner_id == s1.id)).scalar()
        assert plan_id is not None
        for step in (Step.FIRST_INTERVIEW, Step.OFFER_RECEIVED):
            db.session.add(Outcome(plan_id=plan_id, step=step, recorded_by_id=s1.id))
        db.session.commit()
    auth.login_as(t.admin)
    rows = _rows(client.get(f"/{t.slug}/reports/readiness.csv"))
    header = rows[0]
    steps = [step.label for step in Step]
    assert header[-1 - len(steps) : -1] == steps  # in the method's order, before last activity
    by_email = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    reached = {label for label in steps if by_email["s1@alpha.example"][label] == "yes"}
    assert reached == {Step.FIRST_INTERVIEW.label, Step.OFFER_RECEIVED.label}
    assert all(by_email["s6@alpha.example"][label] == "" for label in steps)


def test_the_report_links_to_the_outcomes(world, auth, client):
    t = world.a
    auth.login_as(t.admin)
    page = client.get(f"/{t.slug}/reports").get_data(as_text=True)
    assert f'href="/{t.slug}/outcomes"' in page
    page = client.get(f"/{t.slug}/cohorts/{t.cohort.id}/report").get_data(as_text=True)
    assert f'href="/{t.slug}/outcomes/cohorts/{t.cohort.id}"' in page
