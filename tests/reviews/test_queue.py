"""The review queue: waits in business days, oldest first, filters, counts, constant queries."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from careercenter.auth.models import User
from careercenter.cohorts.models import Cohort
from careercenter.extensions import db
from careercenter.plans.models import Plan
from careercenter.reviews.models import Review, ReviewSettings
from careercenter.reviews.waits import business_days_between, overdue_before, waited
from careercenter.tenancy.models import Institution, Membership, Role
from careercenter.tenancy.scoping import tenant_scope

from .. import factories
from .helpers import heard, review, submitted, waiting_plans


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2026, 11, 27), date(2026, 11, 30), 1),  # Friday → Monday
        (date(2026, 11, 30), date(2026, 11, 30), 0),
        (date(2026, 11, 23), date(2026, 11, 30), 5),  # a week
        (date(2026, 11, 28), date(2026, 12, 1), 2),  # Saturday → Tuesday
        (date(2026, 11, 2), date(2026, 11, 30), 20),
    ],
)
def test_business_days(start, end, days):
    assert business_days_between(start, end) == days


def test_overdue_before_agrees_with_the_wait():
    institution = Institution(slug="x", name="X", time_zone="America/Chicago")
    now = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)  # a Wednesday
    cutoff = overdue_before(institution, 2, now)
    for hours in range(0, 24 * 12, 5):
        moment = now - timedelta(hours=hours)
        assert (moment < cutoff) == (waited(institution, moment, now) > 2), moment


def test_queue_lists_oldest_first_with_wait_claim_and_counts(world, auth, client, arrange):
    old = datetime.now(UTC) - timedelta(days=12)
    waiting_plans(world.a, 2, submitted_at=old)
    waiting_plans(world.a, 1, revisions=2)
    plan_id, revision_id = submitted(world.a, employer="Claimed Corp")
    review(world.a, plan_id, revision_id)
    auth.login_as(world.a.advisor)
    page = client.get(f"/{world.a.slug}/reviews").get_data(as_text=True)
    assert "<strong>4</strong> waiting" in page
    assert "<strong>3</strong> not claimed" in page
    assert "<strong>1</strong> in review" in page
    assert "<strong>2</strong> past the target" in page
    assert page.index("Analyst at Employer 0") < page.index("Analyst at Claimed Corp")
    assert "Resubmission" in page and "Past the target" in page
    assert f"In review by {world.a.advisor.user.name}" in page
    assert f'<a href="/{world.a.slug}/reviews/{revision_id}">' in page  # the screen's address
    only = client.get(f"/{world.a.slug}/reviews?state=in_review").get_data(as_text=True)
    assert "Claimed Corp" in only and "Employer 0" not in only
    mine = client.get(f"/{world.a.slug}/reviews?advisor={world.a.advisor.id}").get_data(
        as_text=True
    )
    assert "Claimed Corp" in mine and "Employer 1" not in mine
    late = client.get(f"/{world.a.slug}/reviews?state=overdue").get_data(as_text=True)
    assert "Employer 0" in late and "Claimed Corp" not in late
    other = factories.create_cohort(world.a.institution)
    none = client.get(f"/{world.a.slug}/reviews?cohort={other.id}").get_data(as_text=True)
    assert "Nothing waiting" in none


def test_queue_pages_on_the_server(world, auth, client, arrange):
    waiting_plans(world.a, 55)
    auth.login_as(world.a.admin)
    first = client.get(f"/{world.a.slug}/reviews").get_data(as_text=True)
    assert first.count("Analyst at Employer") == 50 and "Next page" in first
    second = client.get(f"/{world.a.slug}/reviews?page=2").get_data(as_text=True)
    assert second.count("Analyst at Employer") == 5 and "Previous page" in second


def test_kept_queue_follows_what_it_shows(world, auth, client, arrange):
    """The queue's rows and choices are kept per queue version: renames, claims, take-overs
    and new or departed staff show at once."""
    waiting_plans(world.a, 1)
    plan_id, revision_id = submitted(world.a, employer="Claimed Corp")
    auth.login_as(world.a.admin)
    path = f"/{world.a.slug}/reviews"
    assert "Not claimed" in client.get(path).get_data(as_text=True)
    with tenant_scope(world.a.institution):
        db.session.get(Cohort, world.a.cohort.id).name = "Renamed Cohort"
        db.session.get(User, world.a.student.user_id).name = "Renamed Student"
        db.session.get(Plan, plan_id).employer = "Renamed Corp"
        db.session.commit()
    page = client.get(path).get_data(as_text=True)
    assert "Renamed Cohort" in page and "Renamed Student" in page
    assert "Analyst at Renamed Corp" in page
    review(world.a, plan_id, revision_id)
    page = client.get(path).get_data(as_text=True)
    assert f"In review by {world.a.advisor.user.name}" in page
    with tenant_scope(world.a.institution):
        row = db.session.execute(select(Review).where(Review.plan_id == plan_id)).scalar_one()
        row.reviewer_id = world.a.admin.id  # taken over: the revision stays in review
        db.session.commit()
    page = client.get(path).get_data(as_text=True)
    assert f"In review by {world.a.admin.user.name}" in page
    newcomer = factories.create_member(world.a.institution, Role.ADVISOR, name="New Advisor")
    assert "New Advisor" in client.get(path).get_data(as_text=True)
    with tenant_scope(world.a.institution):
        db.session.get(Membership, newcomer.id).active = False
        db.session.commit()
    assert "New Advisor" not in client.get(path).get_data(as_text=True)


def _statements(client, path: str, count_queries) -> tuple[int, int]:
    """Return the statements of a page read right after a change, then again (kept counts)."""
    with count_queries() as first:
        assert client.get(path).status_code == 200
    with count_queries() as again:
        assert client.get(path).status_code == 200
    return len(first), len(again)


def test_queue_makes_constant_queries(world, auth, client, arrange, count_queries):
    waiting_plans(world.a, 2)
    auth.login_as(world.a.advisor)
    path = f"/{world.a.slug}/reviews"
    few = _statements(client, path, count_queries)
    plan_id, revision_id = submitted(world.a)
    review(world.a, plan_id, revision_id)
    waiting_plans(world.a, 60, revisions=2)
    many = _statements(client, path, count_queries)
    assert few == many, (few, many)
    # The counts, the page and the two filters' choices are a statement each after a
    # change and none while they are kept (the session and the target remain).
    assert few[0] <= 7 and few[1] == few[0] - 4


def test_staff_only(world, auth, client):
    auth.login_as(world.a.student)
    assert client.get(f"/{world.a.slug}/reviews").status_code == 403


def test_remind_overdue_announces_each_revision_once(world, runner, arrange):
    old = datetime.now(UTC) - timedelta(days=10)
    plans = waiting_plans(world.a, 2, submitted_at=old)
    waiting_plans(world.a, 1)  # fresh: not overdue
    waiting_plans(world.b, 1, submitted_at=old)
    with heard() as got:
        result = runner.invoke(args=["reviews", "remind-overdue"])
        again = runner.invoke(args=["reviews", "remind-overdue"])
    assert "3 overdue" in result.output and "0 overdue" in again.output
    overdue = [k for name, k in got if name == "review_overdue"]
    assert len(overdue) == 3
    assert {k["plan_id"] for k in overdue} >= set(plans)
    assert set(overdue[0]) == {"plan_id", "revision_id"}


def test_the_target_is_a_setting(world, auth, client, arrange):
    old = datetime.now(UTC) - timedelta(days=5)
    waiting_plans(world.a, 1, submitted_at=old)
    auth.login_as(world.a.admin)
    page = client.get(f"/{world.a.slug}/settings/reviews").get_data(as_text=True)
    assert "Specific to the employer" in page
    fields = {"target_days": "10", "levels": "Not yet, Developing, Meets the bar, Strong"}
    version = re.search(r'name="version" type="hidden" value="([^"]*)"', page) or re.search(
        r'id="version" name="version" type="hidden" value="([^"]*)"', page
    )
    assert version is not None
    for n, title in enumerate(re.findall(r'name="criterion-\d+-title" value="([^"]*)"', page)):
        fields[f"criterion-{n}-title"] = title
    keys = re.findall(r'name="criterion-\d+-key" value="([^"]*)"', page)
    for n, key in enumerate(keys):
        fields[f"criterion-{n}-key"] = key
    fields[f"criterion-{len(keys)}-title"] = "Set the hook"
    response = client.post(
        f"/{world.a.slug}/settings/reviews", data={**fields, "version": version.group(1)}
    )
    assert response.status_code == 302
    with tenant_scope(world.a.institution):
        assert db.session.query(ReviewSettings).one().target_days == 10
    page = client.get(f"/{world.a.slug}/reviews").get_data(as_text=True)
    assert "<strong>0</strong> past the target" in page
    settings = client.get(f"/{world.a.slug}/settings/reviews").get_data(as_text=True)
    assert "Rubric (version 2)" in settings and 'value="Set the hook"' in settings
    stale = client.post(
        f"/{world.a.slug}/settings/reviews", data={**fields, "version": version.group(1)},
        follow_redirects=True,
    ).get_data(as_text=True)  # fmt: skip
    assert "Someone else saved the review settings" in stale


def test_a_systemd_timer_runs_the_reminders_hourly():
    from pathlib import Path

    systemd = Path(__file__).resolve().parents[2] / "deploy" / "systemd"
    service = (systemd / "careercenter-review-reminders.service").read_text()
    timer = (systemd / "careercenter-review-reminders.timer").read_text()
    assert "flask reviews remind-overdue" in service and "Type=oneshot" in service
    assert "OnCalendar=hourly" in timer


def test_homes_show_what_waits_with_a_link(world, auth, client, arrange, count_queries):
    waiting_plans(world.a, 3)
    waiting_plans(world.b, 1)
    auth.login_as(world.a.advisor)
    page = client.get(f"/{world.a.slug}/").get_data(as_text=True)
    assert f'<a href="/{world.a.slug}/reviews">3 blueprints to review</a>' in page
    waiting_plans(world.a, 1)
    few = _statements(client, f"/{world.a.slug}/", count_queries)
    waiting_plans(world.a, 20)
    many = _statements(client, f"/{world.a.slug}/", count_queries)
    # After a change: the signed-in person, the advisor's cohorts and the count; then the
    # person only (both kept under the queue version).
    assert few == many == (3, 1), (few, many)
    auth.logout()
    auth.login_as(world.a.admin)
    page = client.get(f"/{world.a.slug}/").get_data(as_text=True)
    assert "24</span><span" in page and "blueprints to review" in page
