"""The review volume step builds, and the queue and review screen scenarios answer 200."""

from __future__ import annotations

from sqlalchemy import func, select

from bench.scenarios import SCENARIOS
from careercenter.extensions import db
from careercenter.plans.models import Plan, PlanState
from careercenter.reviews.models import ReviewComment
from careercenter.tenancy.scoping import tenant_scope


def test_review_volume_and_scenarios(seeded, client, auth):
    main = seeded.main
    with tenant_scope(main.institution):
        waiting = db.session.scalar(
            select(func.count()).select_from(Plan).where(Plan.state == PlanState.SUBMITTED)
        )
        comments = db.session.scalar(select(func.count()).select_from(ReviewComment))
    assert waiting >= 40 and comments >= 30
    values = seeded.path_values()
    for scenario in SCENARIOS:
        if not scenario.name.startswith("review"):
            continue
        client.post(
            "/login",
            data={"email": f"{scenario.role}@{main.slug}.example", "password": "demo-password"},
        )
        response = client.get(scenario.url_path(values))
        assert response.status_code == 200, scenario.name
        client.post("/logout")
