"""Blueprint pages: authoring, list operations, stale saves, submission, who may see what."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from careercenter.audit.models import AuditEvent
from careercenter.extensions import db
from careercenter.plans import permissions
from careercenter.plans.content import Hook
from careercenter.plans.models import Plan, PlanRevision, PlanState, RevisionState
from careercenter.plans.services import approve, start_review, withdraw_plan
from careercenter.tenancy.scoping import tenant_scope

from .. import factories
from .helpers import form_fields, load_plan, make_plan, overlong_content, typical_content


def url(world, plan_id, suffix=""):
    return f"/{world.a.slug}/blueprints/{plan_id}{suffix}"


def test_student_starts_a_blueprint(world, auth, client):
    auth.login_as(world.a.student)
    page = client.get(f"/{world.a.slug}/blueprints").get_data(as_text=True)
    assert "You have no blueprint yet" in page
    response = client.post(
        f"/{world.a.slug}/blueprints/new",
        data={
            "employer": "Northwind Health",
            "role_title": "Business Analyst",
            "posting_url": "https://jobs.example/1",
            "cohort_id": str(world.a.cohort.id),
        },
    )
    assert response.status_code == 302
    editor = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Business Analyst at Northwind Health" in editor
    assert "Having met you and the people at Northwind Health" in editor  # drafted hook
    assert "Fits on one page" in editor
    assert "Research: answer" in editor  # completeness panel


def test_new_blueprint_refuses_bad_link_and_foreign_cohort(world, auth, client, arrange):
    other = factories.create_cohort(world.a.institution)
    auth.login_as(world.a.student)
    base = {"employer": "Acme", "role_title": "Analyst"}
    page = client.post(
        f"/{world.a.slug}/blueprints/new", data={**base, "posting_url": "javascript:alert(1)"}
    ).get_data(as_text=True)
    assert "starts with https://" in page
    response = client.post(
        f"/{world.a.slug}/blueprints/new", data={**base, "cohort_id": str(other.id)}
    )
    assert response.status_code == 200  # not a valid choice: only the student's own cohorts
    with tenant_scope(world.a.institution):
        assert db.session.execute(select(PlanRevision)).first() is None
    assert client.get(f"/{world.a.slug}/blueprints").get_data(as_text=True).count("Acme") == 0


def test_save_and_list_operations_keep_text(world, auth, client, arrange):
    plan_id = make_plan(world.a)
    auth.login_as(world.a.student)
    content = typical_content(goals=2)
    data = form_fields(content, version=load_plan(world.a, plan_id).version)
    response = client.post(url(world, plan_id, "/save"), data=data)
    assert response.status_code == 302
    plan = load_plan(world.a, plan_id)
    assert plan.content == content
    # Move goal 2 up, with unsaved text typed into goal 1: the text is saved first.
    data = form_fields(content, version=plan.version)
    data["goals-0-title"] = "Typed but never saved"
    data["op"] = "up:goals:1"
    response = client.post(url(world, plan_id, "/save"), data=data)
    assert response.headers["Location"].endswith("#goals-0")
    plan = load_plan(world.a, plan_id)
    assert [g.title for g in plan.content.goals] == [
        content.goals[1].title,
        "Typed but never saved",
    ]
    data = form_fields(plan.content, version=plan.version) | {"op": "add:insiders"}
    client.post(url(world, plan_id, "/save"), data=data)
    assert len(load_plan(world.a, plan_id).content.insiders) == 3


def test_generate_hook_fills_an_empty_hook_and_replaces_only_when_asked(
    world, auth, client, arrange
):
    plan_id = make_plan(world.a, content=typical_content())
    auth.login_as(world.a.student)
    plan = load_plan(world.a, plan_id)
    data = form_fields(plan.content, plan.version) | {
        "hook_functions": "the charge nurse",
        "hook_script": "My own careful words",
        "op": "hook:generate",
    }
    response = client.post(url(world, plan_id, "/save"), data=data, follow_redirects=True)
    assert "Your hook was kept as you wrote it" in response.get_data(as_text=True)
    plan = load_plan(world.a, plan_id)
    assert plan.content.hook == Hook(functions="the charge nurse", script="My own careful words")
    data = form_fields(plan.content, plan.version) | {"op": "hook:generate", "hook_replace": "y"}
    response = client.post(url(world, plan_id, "/save"), data=data)
    assert response.headers["Location"].endswith("#hook_script")
    plan = load_plan(world.a, plan_id)
    script = plan.content.hook.script
    assert "Northwind Health" in script and "the charge nurse" in script
    data = form_fields(plan.content, plan.version) | {"op": "hook:generate", "hook_script": ""}
    client.post(url(world, plan_id, "/save"), data=data)
    assert load_plan(world.a, plan_id).content.hook.script == script  # empty: filled


def test_bad_input_changes_nothing(world, auth, client, arrange):
    plan_id = make_plan(world.a, content=typical_content())
    before = load_plan(world.a, plan_id)
    auth.login_as(world.a.student)
    data = form_fields(before.content, before.version) | {
        "posting_url": "file:///etc/passwd",
        "impact": "changed",
    }
    response = client.post(url(world, plan_id, "/save"), data=data)
    assert response.status_code == 422
    assert "Not saved" in response.get_data(as_text=True)
    after = load_plan(world.a, plan_id)
    assert (after.version, after.content) == (before.version, before.content)


def test_second_save_from_the_same_version_is_refused(world, auth, client, arrange):
    plan_id = make_plan(world.a, content=typical_content())
    start = load_plan(world.a, plan_id)
    auth.login_as(world.a.student)
    first = form_fields(start.content, start.version) | {"impact": "Tab one's impact"}
    second = form_fields(start.content, start.version) | {"impact": "Tab two's impact"}
    assert client.post(url(world, plan_id, "/save"), data=first).status_code == 302
    response = client.post(url(world, plan_id, "/save"), data=second)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "changed elsewhere" in page
    assert "Tab one&#39;s impact" in page  # the saved version, shown
    assert "Tab two&#39;s impact" in page  # your text, still in the form
    assert load_plan(world.a, plan_id).content.impact == "Tab one's impact"


def test_autosave_json_and_its_conflict(world, auth, client, arrange):
    plan_id = make_plan(world.a, content=typical_content())
    start = load_plan(world.a, plan_id)
    auth.login_as(world.a.student)
    fields = form_fields(start.content, start.version)
    response = client.post(url(world, plan_id, "/autosave"), json=fields | {"impact": "One"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["version"] == start.version + 1
    assert body["page_count"] == 1 and "one page" in body["page_count_html"]
    assert body["findings"] == []
    stale = client.post(url(world, plan_id, "/autosave"), json=fields | {"impact": "Two"})
    assert stale.status_code == 409
    conflict = stale.get_json()
    assert conflict["server"]["content"]["impact"] == "One"
    assert conflict["yours"]["content"]["impact"] == "Two"
    assert load_plan(world.a, plan_id).content.impact == "One"
    bad = client.post(url(world, plan_id, "/autosave"), json=fields | {"employer": ""})
    assert bad.status_code == 422 and "employer" in bad.get_json()["message"]


def test_submit_withdraw_and_resubmit_make_revisions(world, auth, client, arrange):
    plan_id = make_plan(world.a, content=typical_content())
    auth.login_as(world.a.student)
    plan = load_plan(world.a, plan_id)
    data = form_fields(plan.content, plan.version) | {"impact": "Final words"}
    response = client.post(url(world, plan_id, "/submit"), data=data)
    assert response.status_code == 302
    plan = load_plan(world.a, plan_id)
    assert plan.state is PlanState.SUBMITTED and plan.revision_count == 1
    editor = client.get(url(world, plan_id)).get_data(as_text=True)
    assert "Revision 1 is with your advisor" in editor
    # Editing after submission changes only the draft; the revision is frozen.
    data = form_fields(plan.content, plan.version) | {"impact": "Edited after"}
    client.post(url(world, plan_id, "/save"), data=data)
    page = client.get(url(world, plan_id, "/revisions/1")).get_data(as_text=True)
    assert "Final words" in page and "Edited after" not in page
    assert client.post(url(world, plan_id, "/withdraw")).status_code == 302
    plan = load_plan(world.a, plan_id)
    assert plan.state is PlanState.DRAFT
    with tenant_scope(world.a.institution):
        assert plan.revisions[0].state is RevisionState.WITHDRAWN
    data = form_fields(plan.content, plan.version)
    client.post(url(world, plan_id, "/submit"), data=data)
    plan = load_plan(world.a, plan_id)
    assert plan.revision_count == 2 and plan.state is PlanState.SUBMITTED


def test_withdraw_refused_once_review_started(world, auth, client, arrange):
    plan_id = make_plan(world.a, content=typical_content(), submit=True)
    with tenant_scope(world.a.institution):
        start_review(load_plan(world.a, plan_id))
        db.session.commit()
    auth.login_as(world.a.student)
    client.post(url(world, plan_id, "/withdraw"))
    page = client.get(url(world, plan_id)).get_data(as_text=True)
    assert "nobody has started reviewing" in page
    assert load_plan(world.a, plan_id).state is PlanState.IN_REVIEW


def test_submission_refused_past_two_pages(world, auth, client, arrange):
    long = overlong_content()
    plan_id = make_plan(world.a, content=long)
    plan = load_plan(world.a, plan_id)
    assert plan.page_count > 2
    auth.login_as(world.a.student)
    editor = client.get(url(world, plan_id)).get_data(as_text=True)
    assert f"Runs to {plan.page_count} pages" in editor
    client.post(url(world, plan_id, "/submit"), data=form_fields(long, plan.version))
    page = client.get(url(world, plan_id)).get_data(as_text=True)
    assert "not submitted" in page and "two at most" in page
    assert load_plan(world.a, plan_id).state is PlanState.DRAFT


def test_staff_read_submitted_revision_and_are_audited(world, auth, client, arrange):
    plan_id = make_plan(world.a, content=typical_content(), submit=True)
    with tenant_scope(world.a.institution):
        plan = load_plan(world.a, plan_id)
        plan.content = replace(plan.content, impact="Secret draft text")
        db.session.commit()
    for member in (world.a.advisor, world.a.admin):
        auth.login_as(member)
        listing = client.get(f"/{world.a.slug}/blueprints").get_data(as_text=True)
        assert "Business Analyst at Northwind Health" in listing
        page = client.get(url(world, plan_id)).get_data(as_text=True)
        assert "Revision 1" in page and "Secret draft text" not in page
        assert 'name="version"' not in page  # a read view, not the editor
        assert client.get(url(world, plan_id, "/revisions/1")).status_code == 200
        assert client.get(url(world, plan_id, "/print")).status_code == 200
        auth.logout()
    with tenant_scope(world.a.institution):
        viewed = (
            db.session.execute(select(AuditEvent).where(AuditEvent.action == "plan.viewed"))
            .scalars()
            .all()
        )
    assert len(viewed) == 6 and {e.subject_id for e in viewed} == {plan_id}


def test_who_gets_404(world, auth, client, arrange):
    draft_id = make_plan(world.a, content=typical_content())
    submitted_id = make_plan(world.a, content=typical_content(), submit=True)
    classmate = factories.create_member(world.a.institution, "student")
    outsider = factories.create_member(world.a.institution, "advisor")
    factories.create_cohort(world.a.institution, advisors=[outsider])
    routes = ["", ".pdf", "/print", "/revisions/1"]
    for member, plan_ids in [
        (classmate, [draft_id, submitted_id]),
        (outsider, [draft_id, submitted_id]),
        (world.a.advisor, [draft_id]),  # never submitted: staff cannot see drafts
        (world.a.admin, [draft_id]),
    ]:
        auth.login_as(member)
        for plan_id in plan_ids:
            for suffix in routes:
                response = client.get(url(world, plan_id, suffix))
                assert response.status_code == 404, (member, plan_id, suffix)
        auth.logout()
    auth.login_as(world.a.advisor)
    for suffix in ("/save", "/autosave", "/submit", "/withdraw"):
        assert client.post(url(world, submitted_id, suffix), data={}).status_code == 404
    assert client.get(f"/{world.a.slug}/blueprints/new").status_code == 403


def test_withdrawn_revision_hidden_from_staff(world, auth, client, arrange):
    plan_id = make_plan(world.a, content=typical_content(), submit=True)
    auth.login_as(world.a.student)
    client.post(url(world, plan_id, "/withdraw"))
    auth.logout()
    auth.login_as(world.a.advisor)
    assert client.get(url(world, plan_id)).status_code == 404
    assert client.get(url(world, plan_id, "/revisions/1")).status_code == 404


def test_approved_plan_shows_state_to_owner(world, auth, client, arrange):
    plan_id = make_plan(world.a, content=typical_content(), submit=True)
    with tenant_scope(world.a.institution):
        approve(load_plan(world.a, plan_id), reviewer=world.a.advisor)
        db.session.commit()
    auth.login_as(world.a.student)
    page = client.get(url(world, plan_id)).get_data(as_text=True)
    assert "Revision 1 was approved" in page
    assert "Save and submit" not in page


def test_editor_makes_constant_queries(world, auth, client, arrange, count_queries):
    small = make_plan(world.a, content=typical_content(goals=1, insiders=1, obstacles=1))
    with tenant_scope(world.a.institution):
        pass
    large = make_plan(
        world.a, content=typical_content(goals=6, insiders=12, obstacles=8), submit=False
    )
    auth.login_as(world.a.student)
    counts = []
    for plan_id in (small, large):
        client.get(url(world, plan_id))
        with count_queries() as statements:
            assert client.get(url(world, plan_id)).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 6


def test_list_makes_constant_queries(world, auth, client, arrange, count_queries):
    make_plan(world.a, content=typical_content(), submit=True)
    auth.login_as(world.a.advisor)
    with count_queries() as one:
        client.get(f"/{world.a.slug}/blueprints")
    for _ in range(5):
        make_plan(world.a, content=typical_content(goals=1), submit=True)
    with count_queries() as six:
        page = client.get(f"/{world.a.slug}/blueprints").get_data(as_text=True)
    assert page.count("Business Analyst at Northwind Health") == 6
    assert len(one) == len(six)


def test_staff_find_no_revision_once_it_is_withdrawn_meanwhile(world, arrange):
    # A plan staff could open a moment ago, withdrawn before its revision is read: 404, not 500.
    plan_id = make_plan(world.a, content=typical_content(), submit=True)
    with tenant_scope(world.a.institution):
        plan = db.session.get(Plan, plan_id)
        assert permissions.latest_visible_revision(plan).number == 1
        withdraw_plan(plan)
        db.session.commit()
        with pytest.raises(NotFound):
            permissions.latest_visible_revision(plan)
