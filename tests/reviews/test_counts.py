"""Kept counts of what waits: every write that moves them shows at once, on every page."""

from __future__ import annotations

import re
from dataclasses import replace

from sqlalchemy import update

from careercenter.cohorts.models import CohortStudent
from careercenter.extensions import db
from careercenter.plans.models import PlanRevision, RevisionState
from careercenter.reviews import counts
from careercenter.tenancy.models import Institution, Role
from careercenter.tenancy.scoping import tenant_scope

from .. import factories
from .helpers import review, submitted, waiting_plans


def _queue(client, slug: str) -> tuple[int, int, int]:
    page = client.get(f"/{slug}/reviews").get_data(as_text=True)
    found = [
        int(re.search(rf"<strong>(\d+)</strong> {label}", page)[1])  # type: ignore[index]
        for label in ("waiting", "not claimed", "in review")
    ]
    return found[0], found[1], found[2]


def _home(client, slug: str) -> int:
    page = client.get(f"/{slug}/").get_data(as_text=True)
    found = re.search(r"(\d+)(?:</span><span class=\"stat-label\">| )blueprints? to review", page)
    assert found, page
    return int(found[1])


def test_submission_claim_and_publish_move_the_counts_at_once(world, auth, client, arrange):
    waiting_plans(world.a, 2)
    auth.login_as(world.a.admin)
    slug = world.a.slug
    assert _queue(client, slug) == (2, 2, 0) and _home(client, slug) == 2
    assert _queue(client, slug) == (2, 2, 0)  # kept: read again without a change
    plan_id, revision_id = submitted(world.a)  # through the plan services
    assert _queue(client, slug) == (3, 3, 0) and _home(client, slug) == 3
    response = client.post(f"/{slug}/reviews/{revision_id}/claim")  # through the route
    assert response.status_code == 302
    assert _queue(client, slug) == (3, 2, 1) and _home(client, slug) == 3
    other_plan, other_revision = submitted(world.a, employer="Published Corp")
    assert _queue(client, slug) == (4, 3, 1)
    review(world.a, other_plan, other_revision, decision="approved")
    assert _queue(client, slug) == (3, 2, 1) and _home(client, slug) == 3
    auth.logout()
    auth.login_as(world.a.advisor)
    assert _home(client, slug) == 3
    sent_back = {"decision": "changes_requested", "note": "More."}
    review(world.a, plan_id, revision_id, advisor=world.a.admin, **sent_back)
    assert _home(client, slug) == 2 and _queue(client, slug) == (2, 2, 0)


def test_an_advisors_count_follows_enrolments_and_bulk_statements(world, auth, client, arrange):
    newcomer = factories.create_member(world.a.institution, Role.STUDENT)
    factories.create_cohort(world.a.institution, students=[newcomer])  # not the advisor's
    waiting_plans(replace(world.a, student=newcomer), 2)
    auth.login_as(world.a.advisor)
    slug = world.a.slug
    assert _home(client, slug) == 0
    with tenant_scope(world.a.institution):
        db.session.add(CohortStudent(cohort_id=world.a.cohort.id, membership_id=newcomer.id))
        db.session.commit()
    assert _home(client, slug) == 2 and _queue(client, slug)[0] == 2
    with tenant_scope(world.a.institution):  # a bulk statement: the flush never sees its rows
        db.session.execute(
            update(PlanRevision)
            .where(PlanRevision.state == RevisionState.SUBMITTED)
            .values(state=RevisionState.IN_REVIEW)
        )
        db.session.commit()
    assert _queue(client, slug) == (2, 0, 2)


def test_counts_are_read_around_the_cache_while_a_change_is_uncommitted(world, app, arrange):
    waiting_plans(world.a, 1)
    with app.test_request_context(), tenant_scope(world.a.institution):
        from flask import g

        g.institution = db.session.get(type(world.a.institution), world.a.institution.id)
        assert counts.key("x") is not None
        db.session.execute(update(PlanRevision).values(state=RevisionState.IN_REVIEW))
        assert counts.key("x") is None  # noted, not committed: never kept nor served
        db.session.rollback()
        assert counts.key("x") is not None


def test_a_students_tick_leaves_the_kept_counts_alone(world, arrange):
    """Ticks are most of a term's writes: they move readiness, never what waits for review,
    so the queue and the staff homes stay kept through them."""
    version = factories.create_checklist(world.a.institution)
    assignment = factories.assign_checklist(world.a.institution, world.a.cohort, version)
    item = factories.items_of(world.a.institution, version)[0]
    before = _queue_version(world.a)
    factories.set_progress(world.a.institution, assignment, item, world.a.student)
    assert _queue_version(world.a) == before
    waiting_plans(world.a, 1)  # and the version does move for what it keeps
    assert _queue_version(world.a) > before


def _queue_version(tenant) -> int:
    with tenant_scope(tenant.institution):
        db.session.expire_all()
        value = db.session.get(Institution, tenant.institution.id).review_queue_version
        db.session.rollback()
    return value
