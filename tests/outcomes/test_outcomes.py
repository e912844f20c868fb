"""Outcomes: recording what happened on a blueprint, who may, and the conversion report."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from careercenter.audit.models import AuditEvent
from careercenter.extensions import db
from careercenter.outcomes.models import Outcome, Step
from careercenter.outcomes.report import KEYS, Filters, conversion_report
from careercenter.plans.services import approve
from careercenter.tenancy import clock
from careercenter.tenancy.models import Role
from careercenter.tenancy.scoping import tenant_scope

from .. import factories
from ..plans.helpers import load_plan, make_plan, typical_content

YESTERDAY = date.today() - timedelta(days=1)


def record_url(tenant, plan_id, step, suffix=""):
    return f"/{tenant.slug}/outcomes/blueprints/{plan_id}/{step}{suffix}"


def fields(step, happened_on=YESTERDAY, version=0, **extra):
    data = {f"{step}-happened_on": happened_on.isoformat(), f"{step}-version": str(version)}
    data.update({f"{step}-{k}": v for k, v in extra.items()})
    return data


def outcomes_of(tenant, plan_id):
    with tenant_scope(tenant.institution):
        db.session.expire_all()
        rows = db.session.execute(select(Outcome).where(Outcome.plan_id == plan_id)).scalars()
        return {row.step: row for row in rows}


def test_student_records_an_interview_into_the_blueprint_header(world, auth, client, arrange):
    plan_id = make_plan(world.a, content=typical_content())
    auth.login_as(world.a.student)
    response = client.post(
        record_url(world.a, plan_id, "first_interview"), data=fields("first_interview")
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/blueprints/{plan_id}#outcomes")
    recorded = outcomes_of(world.a, plan_id)[Step.FIRST_INTERVIEW]
    assert recorded.recorded_by_id == world.a.student.id
    assert recorded.happened_on is None  # the date lives in the header, once
    assert load_plan(world.a, plan_id).first_interview_on == YESTERDAY
    page = client.get(f"/{world.a.slug}/blueprints/{plan_id}").get_data(as_text=True)
    assert "What happened" in page
    assert YESTERDAY.strftime("%d %b %Y") in page
    assert "Recorded by alpha student" in page
    with tenant_scope(world.a.institution):
        event = db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "outcome.recorded")
        ).scalar_one()
    assert event.detail["step"] == "first_interview"
    assert event.actor_id == world.a.student.user_id


def test_hook_needs_the_interviewers_answer_and_dates_cannot_be_in_the_future(
    world, auth, client, arrange
):
    plan_id = make_plan(world.a, content=typical_content())
    auth.login_as(world.a.student)
    client.post(record_url(world.a, plan_id, "hook_asked"), data=fields("hook_asked"))
    assert outcomes_of(world.a, plan_id) == {}
    tomorrow = date.today() + timedelta(days=2)
    page = client.post(
        record_url(world.a, plan_id, "offer_received"),
        data=fields("offer_received", happened_on=tomorrow),
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "is in the future" in page
    assert outcomes_of(world.a, plan_id) == {}
    client.post(
        record_url(world.a, plan_id, "hook_asked"), data=fields("hook_asked", sponsor="yes")
    )
    hook = outcomes_of(world.a, plan_id)[Step.HOOK_ASKED]
    assert hook.sponsor_agreed is True and hook.happened_on == YESTERDAY
    assert client.post(record_url(world.a, plan_id, "nonsense"), data={}).status_code == 404


def test_advisor_of_the_cohort_records_others_may_not(world, auth, client, arrange):
    plan_id = make_plan(world.a, content=typical_content(), submit=True)
    stranger = factories.create_member(world.a.institution, Role.ADVISOR)
    factories.create_cohort(world.a.institution, advisors=[stranger])
    auth.login_as(world.a.advisor)
    client.post(record_url(world.a, plan_id, "leave_behind"), data=fields("leave_behind"))
    assert outcomes_of(world.a, plan_id)[Step.LEAVE_BEHIND].recorded_by_id == world.a.advisor.id
    page = client.get(f"/{world.a.slug}/blueprints/{plan_id}").get_data(as_text=True)
    assert "Recorded by alpha advisor" in page
    auth.logout()
    auth.login_as(stranger)
    response = client.post(
        record_url(world.a, plan_id, "offer_received"), data=fields("offer_received")
    )
    assert response.status_code == 404
    response = client.post(
        record_url(world.a, plan_id, "leave_behind", "/clear"),
        data={"clear-leave_behind-version": "1"},
    )
    assert response.status_code == 404
    auth.logout()
    auth.login_as(world.a.admin)
    response = client.post(
        record_url(world.a, plan_id, "offer_received"), data=fields("offer_received")
    )
    assert response.status_code == 403
    page = client.get(f"/{world.a.slug}/blueprints/{plan_id}").get_data(as_text=True)
    assert "What happened" in page and "Record it" not in page  # admins read them
    assert set(outcomes_of(world.a, plan_id)) == {Step.LEAVE_BEHIND}


def test_a_draft_stays_private_from_the_advisor(world, auth, client, arrange):
    plan_id = make_plan(world.a, content=typical_content())
    auth.login_as(world.a.advisor)
    response = client.post(
        record_url(world.a, plan_id, "first_interview"), data=fields("first_interview")
    )
    assert response.status_code == 404


def test_stale_correction_and_clearing(world, auth, client, arrange):
    plan_id = make_plan(world.a, content=typical_content())
    auth.login_as(world.a.student)
    client.post(record_url(world.a, plan_id, "offer_received"), data=fields("offer_received"))
    # A second tab loaded before the first save still says "not recorded" (version 0).
    earlier = YESTERDAY - timedelta(days=3)
    page = client.post(
        record_url(world.a, plan_id, "offer_received"),
        data=fields("offer_received", happened_on=earlier, version=0),
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "recorded this step meanwhile" in page
    assert outcomes_of(world.a, plan_id)[Step.OFFER_RECEIVED].happened_on == YESTERDAY
    client.post(
        record_url(world.a, plan_id, "offer_received"),
        data=fields("offer_received", happened_on=earlier, version=1),
    )
    corrected = outcomes_of(world.a, plan_id)[Step.OFFER_RECEIVED]
    assert corrected.happened_on == earlier and corrected.version == 2
    stale = client.post(
        record_url(world.a, plan_id, "offer_received", "/clear"),
        data={"clear-offer_received-version": "1"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "recorded this step meanwhile" in stale
    client.post(
        record_url(world.a, plan_id, "offer_received", "/clear"),
        data={"clear-offer_received-version": "2"},
    )
    assert outcomes_of(world.a, plan_id) == {}
    with tenant_scope(world.a.institution):
        actions = db.session.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars()
        assert [a for a in actions if a.startswith("outcome.")] == [
            "outcome.recorded",
            "outcome.corrected",
            "outcome.cleared",
        ]


def test_another_students_blueprint_is_not_found(world, auth, client, arrange):
    other = factories.create_member(world.a.institution, Role.STUDENT)
    plan_id = make_plan(world.a, student=other, content=typical_content(), submit=True)
    auth.login_as(world.a.student)
    response = client.post(
        record_url(world.a, plan_id, "first_interview"), data=fields("first_interview")
    )
    assert response.status_code == 404


# --- the conversion report ----------------------------------------------------------------


def give(tenant, student, steps, sponsor=True, approved=False):
    """Give `student` a blueprint that reached `steps` (recorded directly)."""
    plan_id = make_plan(tenant, student=student, content=typical_content(), submit=approved)
    with tenant_scope(tenant.institution):
        if approved:
            from careercenter.plans.models import Plan

            approve(db.session.get(Plan, plan_id))
        for step in steps:
            db.session.add(
                Outcome(
                    plan_id=plan_id,
                    step=step,
                    happened_on=YESTERDAY,
                    sponsor_agreed=sponsor if step is Step.HOOK_ASKED else None,
                )
            )
        db.session.commit()
    return plan_id


F, H, S2, L, OFFER, A = (
    Step.FIRST_INTERVIEW,
    Step.HOOK_ASKED,
    Step.SECOND_INTERVIEW,
    Step.LEAVE_BEHIND,
    Step.OFFER_RECEIVED,
    Step.OFFER_ACCEPTED,
)


def _report(tenant, member, **filters):
    with tenant_scope(tenant.institution):
        return conversion_report(member, Filters(**filters), clock.utc_now())


def test_conversion_numbers_match_a_hand_computed_fixture(world, arrange):
    a = world.a
    # The cohort: the world's student (nothing) plus five more.
    s1, s2, s3, s4, s5 = (factories.create_member(a.institution, Role.STUDENT) for _ in range(5))
    with tenant_scope(a.institution):
        from careercenter.cohorts.models import CohortStudent

        for s in (s1, s2, s3, s4, s5):
            db.session.add(CohortStudent(cohort_id=a.cohort.id, membership_id=s.id))
        db.session.commit()
    version = factories.create_checklist(a.institution)
    assignment = factories.assign_checklist(a.institution, a.cohort, version)
    (item,) = factories.items_of(a.institution, version)
    for done in (s1, s2, s3):
        factories.set_progress(a.institution, assignment, item, done)
    give(a, s1, [F, H, S2, L, OFFER, A], sponsor=True, approved=True)
    give(a, s2, [F, H, S2], sponsor=True, approved=True)
    give(a, s3, [F, H], sponsor=False)
    give(a, s4, [F])
    give(a, s5, [OFFER])  # an offer without the interviews recorded: reaches it, no conversion
    # Another institution's and another cohort's outcomes never count.
    give(world.b, world.b.student, [F, H, S2, L, OFFER, A])
    elsewhere = factories.create_member(a.institution, Role.STUDENT)
    factories.create_cohort(a.institution, students=[elsewhere], term="Spring 2027")
    give(a, elsewhere, [F, H, S2])

    report = _report(a, a.admin, cohort_id=a.cohort.id)
    everyone = report.everyone
    assert everyone.students == 6
    # KEYS: first, hook, sponsor, second, leave-behind, offer, accepted
    assert everyone.reached == [4, 3, 2, 2, 1, 2, 1]
    assert [everyone.conversion(i) for i in range(len(KEYS))] == [None, 75, 67, 100, 50, 100, 50]
    approved, not_approved = report.by_stage
    assert (approved.students, not_approved.students) == (2, 4)
    assert approved.reached == [2, 2, 2, 2, 1, 1, 1]
    assert not_approved.reached == [2, 1, 0, 0, 0, 1, 0]
    assert not_approved.conversion(5) is None  # nobody handed a leave-behind over: no share
    # Not started (the world's student), at risk, on track (s3, s4, s5), interview-ready (s1, s2)
    assert [g.students for g in report.by_level] == [1, 0, 3, 2]
    assert report.by_level[3].reached == [2, 2, 2, 2, 1, 1, 1]
    assert sum(g.students for g in report.by_level) == everyone.students

    whole = _report(a, a.admin)
    assert whole.everyone.students == 7 and whole.everyone.reached[0] == 5
    by_term = _report(a, a.admin, term="Spring 2027")
    assert by_term.everyone.students == 1 and by_term.everyone.reached[3] == 1
    advisor = _report(a, a.advisor)  # advises the world's cohort only
    assert advisor.everyone.students == 6


def test_report_pages_roles_and_scope(world, auth, client, arrange):
    give(world.a, world.a.student, [F, H], approved=True)
    other = factories.create_cohort(world.a.institution, name="Not yours")
    auth.login_as(world.a.advisor)
    page = client.get(f"/{world.a.slug}/outcomes").get_data(as_text=True)
    assert "Approved blueprint" in page and "<svg" in page
    assert "Not yours" not in page
    assert client.get(f"/{world.a.slug}/outcomes/cohorts/{world.a.cohort.id}").status_code == 200
    assert client.get(f"/{world.a.slug}/outcomes/cohorts/{other.id}").status_code == 404
    auth.logout()
    auth.login_as(world.a.student)
    assert client.get(f"/{world.a.slug}/outcomes").status_code == 403
    auth.logout()
    auth.login_as(world.a.admin)
    page = client.get(f"/{world.a.slug}/outcomes?term=Fall+2026&cohort=abc").get_data(as_text=True)
    assert "Not yours" in page
    assert client.get(f"/{world.a.slug}/outcomes/cohorts/{other.id}").status_code == 200
    people = client.get(f"/{world.a.slug}/cohorts/{world.a.cohort.id}/people")
    assert f"/outcomes/cohorts/{world.a.cohort.id}" in people.get_data(as_text=True)


@pytest.mark.parametrize("endpoint", ["report", "plan"])
def test_query_counts_do_not_grow_with_students(
    world, auth, client, arrange, count_queries, endpoint
):
    def add_students(n):
        for _ in range(n):
            s = factories.create_member(world.a.institution, Role.STUDENT)
            with tenant_scope(world.a.institution):
                from careercenter.cohorts.models import CohortStudent

                db.session.add(CohortStudent(cohort_id=world.a.cohort.id, membership_id=s.id))
                db.session.commit()
            give(world.a, s, [F, H, S2], approved=True)

    plan_id = give(world.a, world.a.student, [F, H, S2, L], approved=True)
    auth.login_as(world.a.advisor)
    url = (
        f"/{world.a.slug}/outcomes"
        if endpoint == "report"
        else f"/{world.a.slug}/blueprints/{plan_id}"
    )
    counts = []
    for n in (2, 10):
        add_students(n)
        client.get(url)  # warm (the daily view audit)
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "data",
    [
        {"offer_received-happened_on": "not a date", "offer_received-version": "0"},
        {"offer_received-happened_on": "", "offer_received-version": "0"},
        {"offer_received-happened_on": "1999-01-01", "offer_received-version": "0"},
        {"offer_received-happened_on": "2026-11-01", "offer_received-version": "x"},
    ],
)
def test_bad_input_changes_nothing_and_says_why(world, auth, client, arrange, data):
    plan_id = make_plan(world.a, content=typical_content())
    auth.login_as(world.a.student)
    page = client.post(
        record_url(world.a, plan_id, "offer_received"), data=data, follow_redirects=True
    )
    assert page.status_code == 200
    assert "Nothing was changed" in page.get_data(as_text=True)
    assert outcomes_of(world.a, plan_id) == {}
