"""Replacing the version a cohort follows, and removing an assignment after confirming."""

from __future__ import annotations

import re

from sqlalchemy import select

from careercenter.audit import AuditEvent
from careercenter.checklists.models import (
    Assignment,
    ChecklistItem,
    ChecklistVersion,
    ItemProgress,
    ProgressStatus,
    VersionStatus,
)
from careercenter.extensions import db
from careercenter.tenancy.models import utcnow
from careercenter.tenancy.scoping import tenant_scope
from tests import factories

V1 = [
    {"title": "Write your résumé"},
    {"title": "Book a mock interview", "needs_verification": True},
    {"title": "Dropped later"},
]


def _v2(a, v1, titles):
    """Publish version 2 of v1's template with `titles` (copies are new item rows)."""
    with tenant_scope(a.institution):
        v2 = ChecklistVersion(
            template_id=v1.template_id,
            number=2,
            title=v1.title,
            status=VersionStatus.PUBLISHED,
            published_at=utcnow(),
        )
        db.session.add(v2)
        db.session.flush()
        for position, title in enumerate(titles, start=1):
            db.session.add(ChecklistItem(version_id=v2.id, position=position, title=title))
        db.session.commit()
        return v2


def _setup(world):
    a = world.a
    v1 = factories.create_checklist(a.institution, V1)
    assignment = factories.assign_checklist(a.institution, a.cohort, v1)
    resume, _mock, dropped = factories.items_of(a.institution, v1)
    factories.set_progress(a.institution, assignment, resume, a.student, evidence_note="v1 done")
    factories.set_progress(a.institution, assignment, dropped, a.student)
    v2 = _v2(a, v1, ["Write your  Résumé", "Book a mock interview", "Brand-new item"])
    return a, v1, v2, assignment


def _student_page(client, a):
    return client.get(f"/{a.slug}/cohorts/{a.cohort.id}/students/{a.student.id}").get_data(
        as_text=True
    )


def _replace(client, a, assignment, to_version, version="1"):
    prefix = f"r{assignment.id}"
    return client.post(
        f"/{a.slug}/checklists/assignments/{assignment.id}/replace",
        data={f"{prefix}-version": version, f"{prefix}-to_version": str(to_version)},
        follow_redirects=True,
    )


def test_assigning_a_newer_version_offers_to_replace(world, auth, client):
    a, _v1, v2, _assignment = _setup(world)
    auth.login_as(a.admin)
    page = client.post(
        f"/{a.slug}/checklists/versions/{v2.id}/assign",
        data={"cohort_id": a.cohort.id, "due_on": "2030-01-01"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "already follows version 1" in page and "Replace with version 2" in page
    with tenant_scope(a.institution):
        count = db.session.execute(select(Assignment.id)).all()
    assert len(count) == 1  # no second copy of the checklist


def test_replace_points_at_the_new_version_and_carries_matching_progress(world, auth, client):
    a, v1, v2, assignment = _setup(world)
    auth.login_as(a.admin)
    template_page = client.get(f"/{a.slug}/checklists/{v1.template_id}").get_data(as_text=True)
    assert "Replace with version 2" in template_page and "no longer counts" in template_page
    page = _replace(client, a, assignment, v2.id).get_data(as_text=True)
    assert "now follows version 2; 1 progress record was carried over" in page
    with tenant_scope(a.institution):
        db.session.expire_all()
        assert db.session.get(Assignment, assignment.id).version_id == v2.id
        rows = db.session.execute(select(ItemProgress)).scalars().all()
        assert len(rows) == 3  # the two old rows are kept, one was carried over
        actions = db.session.execute(select(AuditEvent.action, AuditEvent.detail)).all()
    assert ("checklist.assignment_replaced") in [action for action, _ in actions]
    student = _student_page(client, a)
    assert "Brand-new item" in student and "Dropped later" not in student
    assert "1 of 3 required items complete" in student and "v1 done" in student
    # The stale form (loaded before the replace) is refused.
    assert "Someone else changed this assignment" in _replace(
        client, a, assignment, v1.id, version="1"
    ).get_data(as_text=True)


def test_progress_on_dropped_items_cannot_be_reviewed(world, auth, client):
    a, v1, v2, assignment = _setup(world)
    _resume, mock, _dropped = factories.items_of(a.institution, v1)
    progress = factories.set_progress(a.institution, assignment, mock, a.student)
    auth.login_as(a.admin)
    _replace(client, a, assignment, v2.id)
    with tenant_scope(a.institution):
        db.session.execute(
            ItemProgress.__table__.update()
            .where(ItemProgress.item_id != mock.id)
            .values(status="todo")
        )
        db.session.commit()
    auth.logout()
    auth.login_as(a.advisor)
    # The carried copy is in the queue once; the old row is not.
    queue = client.get(f"/{a.slug}/checklists").get_data(as_text=True)
    assert f"progress-{progress.id}" not in queue
    response = client.post(
        f"/{a.slug}/checklists/progress/{progress.id}/review",
        data={f"r{progress.id}-decision": "verify", f"r{progress.id}-version": "1"},
        follow_redirects=True,
    )
    assert "no longer on the checklist" in response.get_data(as_text=True)
    with tenant_scope(a.institution):
        db.session.expire_all()
        assert db.session.get(ItemProgress, progress.id).status is ProgressStatus.DONE


def test_remove_asks_first_then_deletes_and_audits(world, auth, client):
    a, _v1, _v2, assignment = _setup(world)
    assignment_id = assignment.id
    auth.login_as(a.admin)
    url = f"/{a.slug}/checklists/assignments/{assignment.id}/remove"
    confirm = client.get(url).get_data(as_text=True)
    assert "will be deleted: 2 records" in confirm and "audit log" in confirm
    with tenant_scope(a.institution):
        assert db.session.get(Assignment, assignment.id) is not None  # GET changes nothing
    stamp = re.search(r'name="version" type="hidden" value="(\d+)"', confirm).group(1)
    page = client.post(url, data={"version": stamp}, follow_redirects=True).get_data(as_text=True)
    assert "is no longer assigned to" in page
    with tenant_scope(a.institution):
        db.session.expire_all()
        assert db.session.get(Assignment, assignment_id) is None
        assert db.session.execute(select(ItemProgress.id)).all() == []
        event = db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "checklist.unassigned")
        ).scalar_one()
    assert event.subject_type == "Cohort" and event.detail["progress_removed"] == 2
    assert "No checklist is assigned" in _student_page(client, a)


def test_remove_from_a_stale_page_is_refused(world, auth, client):
    a, _v1, _v2, assignment = _setup(world)
    auth.login_as(a.admin)
    url = f"/{a.slug}/checklists/assignments/{assignment.id}/remove"
    page = client.post(url, data={"version": "0"}, follow_redirects=True).get_data(as_text=True)
    assert "Someone else changed this assignment" in page
    with tenant_scope(a.institution):
        assert db.session.get(Assignment, assignment.id) is not None
