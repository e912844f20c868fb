"""Admins build checklists: items, order, publishing, new drafts, assignments; two at once."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from careercenter.audit import AuditEvent
from careercenter.checklists.models import ChecklistItem, ChecklistVersion
from careercenter.extensions import db
from careercenter.tenancy.scoping import tenant_scope
from tests import factories
from tests.conftest import Auth


def _titles(tenant, version_id):
    db.session.expire_all()
    with tenant_scope(tenant.institution):
        return [
            i.title
            for i in db.session.execute(
                select(ChecklistItem)
                .where(ChecklistItem.version_id == version_id)
                .order_by(ChecklistItem.position)
            ).scalars()
        ]


def _stamp(client, url):
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)


def _new_checklist(client, slug, title="Interview prep"):
    response = client.post(f"/{slug}/checklists", data={"title": title})
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _add(client, slug, version_id, title, **extra):
    stamp = _stamp(client, f"/{slug}/checklists/versions/{version_id}")
    data = {"title": title, "evidence": "none", "required": "y", "version": stamp, **extra}
    return client.post(f"/{slug}/checklists/versions/{version_id}/items", data=data)


def test_build_reorder_remove_publish_and_edit_makes_a_new_version(world, auth, client, arrange):
    a = world.a
    practice = factories.create_practice(
        None, title="Run a mock interview", competency="Communication"
    )
    auth.login_as(a.admin)
    slug = a.slug
    v1 = _new_checklist(client, slug)
    _add(client, slug, v1, "First")
    _add(client, slug, v1, "", practice_id=str(practice.id))
    _add(client, slug, v1, "Third")
    assert _titles(a, v1) == ["First", "Run a mock interview", "Third"]
    with tenant_scope(a.institution):
        items = list(
            db.session.execute(
                select(ChecklistItem)
                .where(ChecklistItem.version_id == v1)
                .order_by(ChecklistItem.position)
            ).scalars()
        )
        assert items[1].competency == "Communication"
    stamp = _stamp(client, f"/{slug}/checklists/versions/{v1}")
    client.post(
        f"/{slug}/checklists/items/{items[2].id}/move", data={"direction": "up", "version": stamp}
    )
    assert _titles(a, v1) == ["First", "Third", "Run a mock interview"]
    stamp = _stamp(client, f"/{slug}/checklists/versions/{v1}")
    client.post(f"/{slug}/checklists/items/{items[0].id}/remove", data={"version": stamp})
    assert _titles(a, v1) == ["Third", "Run a mock interview"]
    stamp = _stamp(client, f"/{slug}/checklists/versions/{v1}")
    assert (
        client.post(
            f"/{slug}/checklists/versions/{v1}/publish", data={"version": stamp, "confirm": "yes"}
        ).status_code
        == 302
    )

    # Published: immutable.
    response = client.post(
        f"/{slug}/checklists/versions/{v1}/items",
        data={"title": "Late", "evidence": "none", "version": stamp},
    )
    assert response.status_code == 302
    assert _titles(a, v1) == ["Third", "Run a mock interview"]

    # Assign v1, then edit: a new draft v2 with a copy of the items; the assignment keeps v1.
    with tenant_scope(a.institution):
        template_id = db.session.get(ChecklistVersion, v1).template_id
    due = (date.today() + timedelta(days=10)).isoformat()
    client.post(
        f"/{slug}/checklists/versions/{v1}/assign", data={"cohort_id": a.cohort.id, "due_on": due}
    )
    template_stamp = _stamp(client, f"/{slug}/checklists/{template_id}")
    response = client.post(
        f"/{slug}/checklists/{template_id}/draft", data={"version": template_stamp}
    )
    v2 = int(response.headers["Location"].rsplit("/", 1)[1])
    assert v2 != v1 and _titles(a, v2) == ["Third", "Run a mock interview"]
    _add(client, slug, v2, "New in v2")
    assert _titles(a, v1) == ["Third", "Run a mock interview"]
    auth.logout()
    auth.login_as(a.student)
    mine = client.get(f"/{slug}/checklists").get_data(as_text=True)
    assert "Third" in mine and "New in v2" not in mine
    with tenant_scope(a.institution):
        actions = set(db.session.execute(select(AuditEvent.action)).scalars())
    assert {
        "checklist.created",
        "checklist.item_added",
        "checklist.item_moved",
        "checklist.item_removed",
        "checklist.published",
        "checklist.assigned",
        "checklist.draft_started",
    } <= actions


def test_publishing_an_empty_draft_is_refused(world, auth, client):
    auth.login_as(world.a.admin)
    v1 = _new_checklist(client, world.a.slug)
    stamp = _stamp(client, f"/{world.a.slug}/checklists/versions/{v1}")
    client.post(
        f"/{world.a.slug}/checklists/versions/{v1}/publish",
        data={"version": stamp, "confirm": "yes"},
    )
    page = client.get(f"/{world.a.slug}/checklists/versions/{v1}").get_data(as_text=True)
    assert "Add at least one item before publishing." in page and "Draft" in page


def test_two_admins_editing_one_draft_the_second_is_told(world, app, arrange):
    a = world.a
    second_admin = factories.create_member(a.institution, "admin")
    first, second = app.test_client(), app.test_client()
    Auth(first).login_as(a.admin)
    Auth(second).login_as(second_admin)
    v1 = _new_checklist(first, a.slug)
    url = f"/{a.slug}/checklists/versions/{v1}"
    stamp_first = _stamp(first, url)
    stamp_second = _stamp(second, url)
    data = {"evidence": "none", "required": "y"}
    first.post(f"{url}/items", data={**data, "title": "From the first", "version": stamp_first})
    second.post(f"{url}/items", data={**data, "title": "From the second", "version": stamp_second})
    assert _titles(a, v1) == ["From the first"]
    page = second.get(url).get_data(as_text=True)
    assert "Someone else changed this checklist meanwhile" in page
    # The second admin retries with the fresh page: it works.
    second.post(
        f"{url}/items", data={**data, "title": "From the second", "version": _stamp(second, url)}
    )
    assert _titles(a, v1) == ["From the first", "From the second"]
    # Two "edit" clicks on a published template make one draft, not two.
    stamp = _stamp(first, url)
    first.post(f"{url}/publish", data={"version": stamp, "confirm": "yes"})
    with tenant_scope(a.institution):
        template_id = db.session.get(ChecklistVersion, v1).template_id
    turl = f"/{a.slug}/checklists/{template_id}"
    t1, t2 = _stamp(first, turl), _stamp(second, turl)
    assert first.post(f"{turl}/draft", data={"version": t1}).status_code == 302
    second.post(f"{turl}/draft", data={"version": t2})
    with tenant_scope(a.institution):
        numbers = (
            db.session.execute(
                select(ChecklistVersion.number).where(ChecklistVersion.template_id == template_id)
            )
            .scalars()
            .all()
        )
    assert sorted(numbers) == [1, 2]


def test_due_date_change_and_later_enrolment(world, auth, client, arrange):
    a = world.a
    version = factories.create_checklist(a.institution, [{"title": "Résumé"}])
    assignment = factories.assign_checklist(a.institution, a.cohort, version, date.today())
    auth.login_as(a.admin)
    form = {f"a{assignment.id}-due_on": "2030-01-31", f"a{assignment.id}-version": "1"}
    client.post(f"/{a.slug}/checklists/assignments/{assignment.id}/due", data=form)
    stale = client.post(f"/{a.slug}/checklists/assignments/{assignment.id}/due", data=form)
    assert stale.status_code == 302
    assert "31 Jan 2030" in client.get(f"/{a.slug}/checklists/{version.template_id}").get_data(
        as_text=True
    )
    # A student enrolled after the assignment gets it too.
    late = factories.create_member(a.institution, "student")
    client.post(
        f"/{a.slug}/cohorts/{a.cohort.id}/students", data={"student-membership_id": late.id}
    )
    auth.logout()
    auth.login_as(late)
    assert "Résumé" in client.get(f"/{a.slug}/checklists").get_data(as_text=True)


def test_assigning_a_draft_or_twice_is_refused(world, auth, client):
    a = world.a
    draft = factories.create_checklist(a.institution, publish=False)
    published = factories.create_checklist(a.institution)
    auth.login_as(a.admin)
    due = (date.today() + timedelta(days=3)).isoformat()

    def assign(version):
        url = f"/{a.slug}/checklists/versions/{version.id}/assign"
        client.post(url, data={"cohort_id": a.cohort.id, "due_on": due})
        return client.get(f"/{a.slug}/checklists/{version.template_id}").get_data(as_text=True)

    assert "Publish the checklist before assigning it." in assign(draft)
    assert "Assigned to" in assign(published)
    assert "already has this version" in assign(published)


def test_rename_a_draft(world, auth, client):
    auth.login_as(world.a.admin)
    v1 = _new_checklist(client, world.a.slug, "Old name")
    url = f"/{world.a.slug}/checklists/versions/{v1}"
    data = {"title": "New name", "description": "For seniors", "version": _stamp(client, url)}
    client.post(f"{url}/details", data=data)
    page = client.get(url).get_data(as_text=True)
    assert "Draft saved." in page and "<h1>New name</h1>" in page
    client.post(f"{url}/details", data={**data, "title": "Stale"})
    assert "Someone else changed" in client.get(url).get_data(as_text=True)
