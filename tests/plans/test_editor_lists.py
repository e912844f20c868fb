"""Actions (bullets) as lists: add, remove and reorder without losing text; hook and header."""

from __future__ import annotations

import pytest

from careercenter.plans import bullets, services
from careercenter.plans.content import ContentError, Hook, PlanDocument

from .helpers import form_fields, load_plan, make_plan, typical_content


def url(world, plan_id, suffix=""):
    return f"/{world.a.slug}/blueprints/{plan_id}{suffix}"


def _post(client, world, plan_id, content, op, **extra):
    plan = load_plan(world.a, plan_id)
    data = form_fields(content, plan.version) | {"op": op} | extra
    return client.post(url(world, plan_id, "/save"), data=data)


def _actions(world, plan_id, goal=0, phase="days_30"):
    return load_plan(world.a, plan_id).content.goals[goal].actions(phase)


def test_each_action_is_its_own_input_with_buttons(world, auth, client, arrange):
    plan_id = make_plan(world.a, content=typical_content(goals=1))
    auth.login_as(world.a.student)
    page = client.get(url(world, plan_id)).get_data(as_text=True)
    assert 'name="goals-0-days_30-0"' in page and 'name="goals-0-days_30-1"' in page
    assert 'value="Meet each ward manager"' in page
    assert 'value="up:bullets:0:days_30:1"' in page
    assert 'value="down:bullets:0:days_30:0"' in page
    assert 'value="remove:bullets:0:days_30:0"' in page
    assert 'value="add:bullets:0:days_90"' in page
    assert 'maxlength="250"' in page
    assert "<textarea" not in page.split('id="goals-0-days_30"')[1].split("</fieldset>")[0]


def test_move_remove_and_add_actions_keep_unsaved_text(world, auth, client, arrange):
    content = typical_content(goals=1)
    plan_id = make_plan(world.a, content=content)
    auth.login_as(world.a.student)
    edited = typical_content(goals=1)
    edited.goals[0].days_30 = ["First, typed", "Second, typed", "Third, typed"]
    edited.impact = "Unsaved impact"
    response = _post(client, world, plan_id, edited, "up:bullets:0:days_30:2")
    assert response.headers["Location"].endswith("#goals-0-days_30-1")
    assert _actions(world, plan_id) == ["First, typed", "Third, typed", "Second, typed"]
    assert load_plan(world.a, plan_id).content.impact == "Unsaved impact"

    edited = load_plan(world.a, plan_id).content
    response = _post(client, world, plan_id, edited, "down:bullets:0:days_30:0")
    assert response.headers["Location"].endswith("#goals-0-days_30-1")
    assert _actions(world, plan_id) == ["Third, typed", "First, typed", "Second, typed"]

    edited = load_plan(world.a, plan_id).content
    response = _post(client, world, plan_id, edited, "remove:bullets:0:days_30:1")
    assert response.headers["Location"].endswith("#goals-0-days_30-0")
    assert _actions(world, plan_id) == ["Third, typed", "Second, typed"]

    # A blank input between two actions: the position counts it, the saved list drops it.
    edited = load_plan(world.a, plan_id).content
    fields = {"goals-0-days_30-1": "", "goals-0-days_30-2": "Second, typed"}
    _post(client, world, plan_id, edited, "up:bullets:0:days_30:2", **fields)
    assert _actions(world, plan_id) == ["Second, typed", "Third, typed"]

    edited = load_plan(world.a, plan_id).content
    response = _post(client, world, plan_id, edited, "add:bullets:0:days_60")
    location = response.headers["Location"]
    assert location.endswith("?add=0:days_60#goals-0-days_60-1")
    page = client.get(location).get_data(as_text=True)
    assert 'id="goals-0-days_60-1"' in page and 'id="goals-0-days_60-2"' not in page


def test_a_phase_without_actions_still_shows_one_input(world, auth, client, arrange):
    content = typical_content(goals=1)
    content.goals[0].days_90 = []
    plan_id = make_plan(world.a, content=content)
    auth.login_as(world.a.student)
    page = client.get(url(world, plan_id)).get_data(as_text=True)
    assert 'id="goals-0-days_90-0"' in page
    assert 'value="remove:bullets:0:days_90:0"' in page


def test_adding_past_the_cap_is_refused_with_a_message(world, auth, client, arrange):
    content = typical_content(goals=1)
    content.goals[0].days_30 = [f"Action {n}" for n in range(6)]
    plan_id = make_plan(world.a, content=content)
    auth.login_as(world.a.student)
    before = load_plan(world.a, plan_id).version
    response = _post(client, world, plan_id, content, "add:bullets:0:days_30")
    assert response.status_code == 422
    assert "already has 6 actions" in response.get_data(as_text=True)
    assert load_plan(world.a, plan_id).version == before


@pytest.mark.parametrize(
    ("op", "expected", "anchor"),
    [
        ("up:bullets:0:days_30:0", ["a", "b", "c"], "goals-0-days_30-0"),
        ("down:bullets:0:days_30:2", ["a", "b", "c"], "goals-0-days_30-2"),
        ("remove:bullets:0:days_30:0", ["b", "c"], "goals-0-days_30-0"),
        ("remove:bullets:0:days_30:9", ["a", "b", "c"], None),
        ("up:bullets:3:days_30:1", ["a", "b", "c"], None),
    ],
)
def test_bullet_ops_at_the_edges(op, expected, anchor):
    goals = [{"days_30": ["a", "b", "c"]}]
    assert bullets.apply(goals, bullets.parse(op)) == anchor
    assert goals[0]["days_30"] == expected


def test_bullet_op_parsing_refuses_malformed_ops():
    for op in ("add:bullets:0:days_30:1", "up:bullets:0:days_30", "up:bullets:0:days_45:1", "x"):
        assert bullets.parse(op) is None
    with pytest.raises(ContentError, match="no longer exists"):
        bullets.check_add(PlanDocument(), bullets.parse("add:bullets:0:days_30"))


def test_hook_and_header_shown_to_advisors_but_kept_from_the_employer(world, auth, client, arrange):
    content = typical_content()
    content.hook = Hook(functions="the night charge nurse", script="Might I meet them?")
    plan_id = make_plan(world.a, content=content, submit=True)
    auth.login_as(world.a.advisor)
    for suffix in ("", "/revisions/1"):
        page = client.get(url(world, plan_id, suffix)).get_data(as_text=True)
        assert "Set the hook" in page and "the night charge nurse" in page
        assert "Might I meet them?" in page and "not part of the leave-behind" in page
        assert "First interview" in page and "Job posting" in page
    printed = client.get(url(world, plan_id, "/print")).get_data(as_text=True)
    assert "Might I meet them?" not in printed and "Set the hook" not in printed
    pdf = client.get(url(world, plan_id, ".pdf"))
    from .test_leave_behind import _text

    assert "Might I meet them?" not in _text(pdf.data)


def test_conflict_panel_shows_header_and_hook(world, auth, client, arrange):
    content = typical_content()
    plan_id = make_plan(
        world.a, content=content, cohort_id=world.a.cohort.id, employer="Saved Employer"
    )
    start = load_plan(world.a, plan_id)
    auth.login_as(world.a.student)
    first = form_fields(content, start.version, cohort_id=world.a.cohort.id)
    first |= {"hook_script": "Saved hook words", "second_interview_on": "2026-12-01"}
    assert client.post(url(world, plan_id, "/save"), data=first).status_code == 302
    second = form_fields(content, start.version, employer="Tab Two Employer")
    response = client.post(url(world, plan_id, "/save"), data=second)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    panel = page.split('id="conflict-heading"')[1].split('class="plan-layout"')[0]
    assert "Tab Two Employer" not in panel
    for text in ("Northwind Health", "Business Analyst", "2026-12-01", world.a.cohort.name):
        assert text in panel, text
    assert "Saved hook words" in panel


def test_posting_link_error_is_one_message(world, auth, client, arrange):
    auth.login_as(world.a.student)
    for link in ("javascript:alert(1)", "https://", "ftp://files.example/job"):
        page = client.post(
            f"/{world.a.slug}/blueprints/new",
            data={"employer": "Acme", "role_title": "Analyst", "posting_url": link},
        ).get_data(as_text=True)
        assert page.count("Use a web link that starts with https:// or http://") == 1, link
        assert "Invalid URL" not in page


def test_recount_skips_unchanged_text_and_throttles_autosaves(
    world, auth, client, arrange, monkeypatch
):
    plan_id = make_plan(world.a, content=typical_content())
    auth.login_as(world.a.student)
    counted = []
    real = services.document.count_html_pages
    monkeypatch.setattr(
        services.document, "count_html_pages", lambda html: counted.append(1) or real(html)
    )
    plan = load_plan(world.a, plan_id)
    fields = form_fields(plan.content, plan.version)
    body = client.post(url(world, plan_id, "/autosave"), json=fields).get_json()
    assert counted == [] and body["recount_in"] is None  # nothing changed: nothing to count
    assert body["version"] == plan.version  # and nothing written
    body = client.post(url(world, plan_id, "/autosave"), json=fields | {"impact": "New"}).get_json()
    assert counted == []  # counted moments ago, at creation: postponed
    assert 0 < body["recount_in"] <= services.RECOUNT_INTERVAL.total_seconds() + 1
    assert "counted again on the next save" in body["page_count_html"]
    assert services.page_count_pending(load_plan(world.a, plan_id))

    # Once the interval has passed, the next autosave (the script sends one) counts.
    monkeypatch.setattr(services, "RECOUNT_INTERVAL", services.RECOUNT_INTERVAL * 0)
    fields = fields | {"impact": "New", "version": str(body["version"])}
    body = client.post(url(world, plan_id, "/autosave"), json=fields).get_json()
    assert counted == [1] and body["recount_in"] is None
    assert not services.page_count_pending(load_plan(world.a, plan_id))


def test_submission_always_counts_afresh(world, auth, client, arrange, monkeypatch):
    plan_id = make_plan(world.a, content=typical_content())
    auth.login_as(world.a.student)
    counted = []
    real = services.document.count_html_pages
    monkeypatch.setattr(
        services.document, "count_html_pages", lambda html: counted.append(1) or real(html)
    )
    plan = load_plan(world.a, plan_id)
    client.post(url(world, plan_id, "/submit"), data=form_fields(plan.content, plan.version))
    assert counted == [1]
    assert load_plan(world.a, plan_id).revision_count == 1


def test_autosave_with_an_expired_session_says_so_in_json(world, auth, client, arrange, app):
    plan_id = make_plan(world.a, content=typical_content())
    auth.login_as(world.a.student)
    plan = load_plan(world.a, plan_id)
    fields = form_fields(plan.content, plan.version) | {"impact": "Typed offline"}
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(
            url(world, plan_id, "/autosave"),
            json=fields | {"csrf_token": "expired"},
            headers={"X-CSRFToken": "expired", "Accept": "application/json"},
        )
        page = client.post(url(world, plan_id, "/save"), data=fields)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert response.get_json()["message"] == (
        "Your session expired — reload the page; your text is kept on this device."
    )
    assert page.status_code == 400 and "The form had expired" in page.get_data(as_text=True)
    assert load_plan(world.a, plan_id).content.impact != "Typed offline"
