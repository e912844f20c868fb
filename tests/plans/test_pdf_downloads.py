"""Leave-behind downloads: rendered once per text and kept, and renders limited per person.

Renders are counted (the `renders` fixture), not timed.
"""

from __future__ import annotations

from sqlalchemy import select

from careercenter.audit.models import AuditEvent
from careercenter.extensions import db
from careercenter.plans import services
from careercenter.plans.models import PlanPdf
from careercenter.tenancy.models import Institution
from careercenter.tenancy.scoping import tenant_scope

from .helpers import form_fields, load_plan, make_plan, typical_content


def _download(client, world, plan_id: int):
    return client.get(f"/{world.a.slug}/blueprints/{plan_id}.pdf")


def test_a_second_download_of_the_same_draft_renders_nothing(world, auth, client, arrange, renders):
    plan_id = make_plan(world.a, content=typical_content())
    auth.login_as(world.a.student)
    renders.clear()
    first = _download(client, world, plan_id)
    second = _download(client, world, plan_id)
    assert first.status_code == second.status_code == 200
    assert len(renders) == 1 and second.data == first.data
    assert second.mimetype == "application/pdf"

    plan = load_plan(world.a, plan_id)
    changed = form_fields(plan.content, plan.version) | {"impact": "Waits fall by a day."}
    client.post(f"/{world.a.slug}/blueprints/{plan_id}/save", data=changed)
    renders.clear()
    assert _download(client, world, plan_id).data != first.data  # new text: rendered anew
    assert len(renders) == 1
    _download(client, world, plan_id)
    assert len(renders) == 1


def test_a_submitted_revision_is_rendered_once_for_everyone(world, auth, client, arrange, renders):
    plan_id = make_plan(world.a, content=typical_content(), submit=True)
    renders.clear()
    for staff in (world.a.advisor, world.a.admin):
        auth.login_as(staff)
        assert _download(client, world, plan_id).status_code == 200
        auth.logout()
    assert len(renders) == 1
    with tenant_scope(world.a.institution):
        kept = db.session.query(PlanPdf).one()
        assert (kept.plan_id, kept.number) == (plan_id, 1)

    # A new brand colour changes the HTML: the revision is rendered again, once.
    with tenant_scope(world.a.institution):
        db.session.get(Institution, world.a.institution.id).brand_colour = "#7a1f5c"
        db.session.commit()
    auth.login_as(world.a.advisor)
    _download(client, world, plan_id)
    _download(client, world, plan_id)
    assert len(renders) == 2


def test_renders_are_limited_per_person_but_kept_pdfs_still_download(
    world, auth, client, arrange, app, renders, monkeypatch
):
    monkeypatch.setitem(app.config, "PDF_RENDER_RATE_LIMIT", "2 per minute")
    plans = [make_plan(world.a, content=typical_content()) for _ in range(3)]
    auth.login_as(world.a.student)
    renders.clear()
    assert [_download(client, world, p).status_code for p in plans[:2]] == [200, 200]
    refused = _download(client, world, plans[2])
    assert refused.status_code == 429 and len(renders) == 2
    assert int(refused.headers["Retry-After"]) >= 1
    assert "wait" in refused.get_data(as_text=True)
    assert _download(client, world, plans[0]).status_code == 200  # kept: no render needed

    auth.logout()
    with tenant_scope(world.a.institution):
        for plan_id in plans[1:]:
            services.submit_plan(load_plan(world.a, plan_id))
        db.session.commit()
    monkeypatch.setitem(app.config, "PDF_RENDER_RATE_LIMIT", "1 per minute")
    auth.login_as(world.a.advisor)  # another person has a budget of their own
    assert _download(client, world, plans[2]).status_code == 200
    assert _download(client, world, plans[1]).status_code == 429
    with tenant_scope(world.a.institution):  # a refused download is not recorded as a view
        views = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "plan.viewed"))
        assert [(e.subject_id, e.detail["format"]) for e in views] == [(plans[2], "pdf")]


def test_downloads_are_limited_per_person_even_when_kept(world, auth, client, app, monkeypatch):
    monkeypatch.setitem(app.config, "PDF_DOWNLOAD_RATE_LIMIT", "3 per minute")
    plan_id = make_plan(world.a, content=typical_content())
    auth.login_as(world.a.student)
    answers = [_download(client, world, plan_id).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    with tenant_scope(world.a.institution):
        services.submit_plan(load_plan(world.a, plan_id))
        db.session.commit()
    auth.logout()
    auth.login_as(world.a.advisor)  # another person has a ceiling of their own
    assert _download(client, world, plan_id).status_code == 200
