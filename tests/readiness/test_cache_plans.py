"""The readiness cache and blueprints: submit, request changes, approve show at once, on the
advisor's dashboard and on the student's home page."""

from __future__ import annotations

import pytest

from careercenter.extensions import db
from careercenter.plans import document, services
from careercenter.plans.models import Plan
from tests import factories
from tests.plans.helpers import make_plan

from .cache_helpers import board, cohort_with_checklist, home, in_tenant

STUDENT = "alpha student"


@pytest.fixture(autouse=True)
def one_page(monkeypatch):
    """Count every leave-behind as one page (rendering PDFs is not what is tested here)."""
    monkeypatch.setattr(document, "count_html_pages", lambda html: 1)


@pytest.fixture
def s(world):
    return cohort_with_checklist(world.a)


@pytest.fixture
def viewers(s, app, auth):
    """Sign in the advisor (dashboard) and the student (home), each on their own client."""
    auth.login_as(s.tenant.advisor)
    student = app.test_client()
    response = student.post(
        "/login", data={"email": s.tenant.student.user.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    return student


def score(client, s):
    return board(client, s.url)["rows"][STUDENT][1]


def move(s, plan_id, step):
    in_tenant(s.tenant, lambda: step(db.session.get(Plan, plan_id)))


def test_submitting_shows_at_once(s, viewers, client):
    plan_id = make_plan(s.tenant)
    assert score(client, s) == 8  # a draft: a quarter of the blueprint's 30
    assert "Draft" in home(viewers, s.tenant.slug)
    move(s, plan_id, services.submit_plan)
    assert score(client, s) == 15
    assert "Submitted" in home(viewers, s.tenant.slug)


def test_requesting_changes_shows_at_once(s, viewers, client):
    plan_id = make_plan(s.tenant, submit=True)
    assert "Submitted" in home(viewers, s.tenant.slug)
    move(s, plan_id, services.request_changes)
    assert "Changes requested" in home(viewers, s.tenant.slug)


def test_approving_shows_at_once(s, viewers, client):
    plan_id = make_plan(s.tenant, submit=True)
    assert score(client, s) == 15
    move(s, plan_id, services.approve)
    assert score(client, s) == 30
    assert "Approved" in home(viewers, s.tenant.slug)
