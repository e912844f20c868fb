"""Fewer clicks for staff: edit a draft's items, publish only once confirmed, and no due date
in the past without saying so."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from careercenter.checklists.models import Assignment, ChecklistItem, Evidence, VersionStatus
from careercenter.extensions import db
from careercenter.tenancy.clock import local_today
from careercenter.tenancy.scoping import tenant_scope
from tests import factories


def _stamp(page: str) -> str:
    return re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)


def _item(tenant, item_id) -> ChecklistItem:
    db.session.expire_all()
    with tenant_scope(tenant.institution):
        return db.session.get(ChecklistItem, item_id)


def _draft(tenant):
    version = factories.create_checklist(
        tenant.institution, [{"title": "Write your résumé"}], publish=False
    )
    return version, factories.items_of(tenant.institution, version)[0]


def test_an_item_of_a_draft_can_be_edited(world, auth, client):
    a = world.a
    version, item = _draft(a)
    auth.login_as(a.admin)
    listing = client.get(f"/{a.slug}/checklists/versions/{version.id}").get_data(as_text=True)
    edit_url = f"/{a.slug}/checklists/items/{item.id}/edit"
    assert f'href="{edit_url}"' in listing
    page = client.get(edit_url).get_data(as_text=True)
    assert 'value="Write your résumé"' in page
    data = {
        "version": _stamp(page),
        "title": "Write a one-page résumé",
        "details": "Use the template.",
        "competency": "Communication",
        "evidence": "link",
        "needs_verification": "y",
    }
    response = client.post(edit_url, data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/checklists/versions/{version.id}#item-{item.id}"
    )
    saved = _item(a, item.id)
    assert (saved.title, saved.details, saved.competency) == (
        "Write a one-page résumé",
        "Use the template.",
        "Communication",
    )
    assert (saved.evidence, saved.required, saved.needs_verification) == (
        Evidence.LINK,
        False,
        True,
    )
    # The same (now stale) form again is refused, and changes nothing.
    page = client.post(edit_url, data=data | {"title": "Stale"}, follow_redirects=True)
    assert "Someone else changed this checklist meanwhile" in page.get_data(as_text=True)
    assert _item(a, item.id).title == "Write a one-page résumé"
    # An empty title is refused in place.
    fresh = client.get(edit_url).get_data(as_text=True)
    response = client.post(edit_url, data=data | {"title": " ", "version": _stamp(fresh)})
    assert response.status_code == 200 and "field-error" in response.get_data(as_text=True)
    assert _item(a, item.id).title == "Write a one-page résumé"


def test_a_published_item_cannot_be_edited(world, auth, client):
    a = world.a
    version = factories.create_checklist(a.institution)
    item = factories.items_of(a.institution, version)[0]
    auth.login_as(a.admin)
    page = client.get(f"/{a.slug}/checklists/items/{item.id}/edit", follow_redirects=True)
    assert "A published version never changes" in page.get_data(as_text=True)
    listing = client.get(f"/{a.slug}/checklists/versions/{version.id}").get_data(as_text=True)
    assert "/edit" not in listing


def test_publishing_asks_for_confirmation(world, auth, client):
    a = world.a
    version, _ = _draft(a)
    auth.login_as(a.admin)
    base = f"/{a.slug}/checklists/versions/{version.id}"
    listing = client.get(base).get_data(as_text=True)
    assert f'href="{base}/publish"' in listing and f'action="{base}/publish"' not in listing
    assert 'name="confirm"' not in listing
    confirm = client.get(f"{base}/publish").get_data(as_text=True)
    assert "A published version never changes" in confirm and "Write your résumé" in confirm
    stamp = _stamp(confirm)
    # A POST that skipped the confirmation step only shows it.
    response = client.post(f"{base}/publish", data={"version": stamp})
    assert response.status_code == 200 and "Yes, publish version 1" in response.get_data(
        as_text=True
    )
    with tenant_scope(a.institution):
        db.session.expire_all()
        assert db.session.get(type(version), version.id).status is VersionStatus.DRAFT
    response = client.post(f"{base}/publish", data={"version": stamp, "confirm": "yes"})
    assert response.status_code == 302
    with tenant_scope(a.institution):
        db.session.expire_all()
        assert db.session.get(type(version), version.id).status is VersionStatus.PUBLISHED
    # Once published, the confirmation page sends back to the version.
    assert client.get(f"{base}/publish").status_code == 302


@pytest.mark.parametrize("role", ["advisor", "student"])
def test_only_admins_edit_items_and_publish(world, auth, client, role):
    a = world.a
    version, item = _draft(a)
    auth.login_as(a.member(role))
    assert client.get(f"/{a.slug}/checklists/items/{item.id}/edit").status_code == 403
    assert client.post(f"/{a.slug}/checklists/items/{item.id}/edit").status_code == 403
    assert client.get(f"/{a.slug}/checklists/versions/{version.id}/publish").status_code == 403


def _due(tenant) -> list[date]:
    with tenant_scope(tenant.institution):
        return list(db.session.execute(select(Assignment.due_on)).scalars())


def test_a_due_date_in_the_past_is_refused_unless_allowed(world, auth, client):
    a = world.a
    version = factories.create_checklist(a.institution)
    today = local_today(a.institution)
    yesterday = today - timedelta(days=1)
    auth.login_as(a.admin)
    url = f"/{a.slug}/checklists/versions/{version.id}/assign"
    data = {"cohort_id": str(a.cohort.id), "due_on": yesterday.isoformat()}
    page = client.post(url, data=data, follow_redirects=True).get_data(as_text=True)
    assert f"{yesterday:%d %B %Y} is already past" in page and "Allow a date in the past" in page
    assert _due(a) == []
    client.post(url, data=data | {"due_on": today.isoformat()})
    assert _due(a) == [today]  # today is not past

    with tenant_scope(a.institution):
        assignment = db.session.execute(select(Assignment)).scalar_one()
        change = f"/{a.slug}/checklists/assignments/{assignment.id}/due"
        stamp, prefix = str(assignment.version), f"a{assignment.id}"
    moved = {f"{prefix}-version": stamp, f"{prefix}-due_on": yesterday.isoformat()}
    page = client.post(change, data=moved, follow_redirects=True).get_data(as_text=True)
    assert "is already past" in page and _due(a) == [today]
    client.post(change, data=moved | {f"{prefix}-past_ok": "y"})
    assert _due(a) == [yesterday]
