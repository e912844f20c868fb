"""Students complete items with evidence; advisors verify or return them; both at once."""

from __future__ import annotations

import re

from sqlalchemy import select

from careercenter.audit import AuditEvent
from careercenter.checklists.models import ItemProgress, ProgressStatus
from careercenter.cohorts.models import CohortStudent
from careercenter.extensions import db
from careercenter.tenancy.scoping import tenant_scope
from tests import factories
from tests.conftest import Auth

ITEMS = [
    {"title": "Share your résumé", "evidence": "link", "needs_verification": True},
    {"title": "Reflect on the mock interview", "evidence": "note"},
]


def _setup(world):
    a = world.a
    version = factories.create_checklist(a.institution, ITEMS)
    assignment = factories.assign_checklist(a.institution, a.cohort, version)
    return a, assignment, factories.items_of(a.institution, version)


def _progress(tenant, assignment, item, student):
    db.session.expire_all()
    with tenant_scope(tenant.institution):
        return db.session.execute(
            select(ItemProgress).where(
                ItemProgress.assignment_id == assignment.id,
                ItemProgress.item_id == item.id,
                ItemProgress.membership_id == student.id,
            )
        ).scalar_one_or_none()


def _done(client, a, assignment, item, version="", **evidence):
    prefix = f"i{assignment.id}-{item.id}"
    data = {f"{prefix}-version": version, **{f"{prefix}-{k}": v for k, v in evidence.items()}}
    url = f"/{a.slug}/checklists/assignments/{assignment.id}/items/{item.id}/done"
    return client.post(url, data=data)


def _undo(client, a, assignment, item, version):
    url = f"/{a.slug}/checklists/assignments/{assignment.id}/items/{item.id}/undo"
    return client.post(url, data={f"u{assignment.id}-{item.id}-version": version})


def _review(client, a, progress, decision, version, note=""):
    data = {
        f"r{progress.id}-decision": decision,
        f"r{progress.id}-version": version,
        f"r{progress.id}-note": note,
    }
    return client.post(f"/{a.slug}/checklists/progress/{progress.id}/review", data=data)


def test_evidence_is_required_as_the_item_asks(world, auth, client, arrange):
    a, assignment, (link_item, note_item) = _setup(world)
    auth.login_as(a.student)
    _done(client, a, assignment, link_item, link="javascript:alert(1)")
    assert _progress(a, assignment, link_item, a.student) is None
    page = client.get(f"/{a.slug}/checklists").get_data(as_text=True)
    assert "asks for a link" in page
    _done(client, a, assignment, note_item)
    assert _progress(a, assignment, note_item, a.student) is None
    _done(client, a, assignment, note_item, note="I practised with a friend.")
    progress = _progress(a, assignment, note_item, a.student)
    assert progress.status is ProgressStatus.DONE and progress.evidence_note.startswith(
        "I practised"
    )


def test_done_undo_verify_return_and_redo(world, auth, client, app, arrange):
    a, assignment, (link_item, _) = _setup(world)
    student = app.test_client()
    Auth(student).login_as(a.student)
    _done(student, a, assignment, link_item, link="https://example.org/cv.pdf")
    progress = _progress(a, assignment, link_item, a.student)
    assert _undo(student, a, assignment, link_item, str(progress.version)).status_code == 302
    progress = _progress(a, assignment, link_item, a.student)
    assert progress.status is ProgressStatus.TODO
    _done(
        student, a, assignment, link_item, str(progress.version), link="https://example.org/cv2.pdf"
    )
    progress = _progress(a, assignment, link_item, a.student)

    auth.login_as(a.advisor)
    detail = f"/{a.slug}/cohorts/{a.cohort.id}/students/{a.student.id}"
    assert "Done, awaiting verification" in client.get(detail).get_data(as_text=True)
    queue = client.get(f"/{a.slug}/checklists").get_data(as_text=True)
    assert "Share your résumé" in queue
    # Returning needs a note.
    _review(client, a, progress, "return", str(progress.version))
    assert _progress(a, assignment, link_item, a.student).status is ProgressStatus.DONE
    _review(client, a, progress, "return", str(progress.version), note="Add your internship.")
    progress = _progress(a, assignment, link_item, a.student)
    assert progress.status is ProgressStatus.RETURNED
    page = student.get(f"/{a.slug}/checklists").get_data(as_text=True)
    assert "Add your internship." in page and "Returned" in page
    _done(
        student, a, assignment, link_item, str(progress.version), link="https://example.org/cv3.pdf"
    )
    progress = _progress(a, assignment, link_item, a.student)
    _review(client, a, progress, "verify", str(progress.version))
    progress = _progress(a, assignment, link_item, a.student)
    assert progress.status is ProgressStatus.VERIFIED
    # Verified items cannot be undone.
    _undo(student, a, assignment, link_item, str(progress.version))
    assert _progress(a, assignment, link_item, a.student).status is ProgressStatus.VERIFIED
    assert "can no longer be undone" in student.get(f"/{a.slug}/checklists").get_data(as_text=True)
    with tenant_scope(a.institution):
        actions = db.session.execute(select(AuditEvent.action)).scalars().all()
    for action in (
        "checklist.item_done",
        "checklist.item_undone",
        "checklist.item_returned",
        "checklist.item_verified",
    ):
        assert action in actions


def test_advisor_verifying_while_student_undoes_neither_is_lost(world, auth, client, app, arrange):
    a, assignment, (link_item, _) = _setup(world)
    student = app.test_client()
    Auth(student).login_as(a.student)
    _done(student, a, assignment, link_item, link="https://example.org/cv.pdf")
    auth.login_as(a.advisor)
    detail = client.get(f"/{a.slug}/cohorts/{a.cohort.id}/students/{a.student.id}").get_data(
        as_text=True
    )
    progress = _progress(a, assignment, link_item, a.student)
    advisor_stamp = re.search(
        rf'name="r{progress.id}-version" type="hidden" value="(\d+)"', detail
    ).group(1)
    # The student undoes first...
    page = student.get(f"/{a.slug}/checklists").get_data(as_text=True)
    student_stamp = re.search(
        rf'name="u{assignment.id}-{link_item.id}-version" type="hidden" value="(\d+)"', page
    ).group(1)
    _undo(student, a, assignment, link_item, student_stamp)
    # ...then the advisor's verify, from the page loaded before, is refused and said so.
    _review(client, a, progress, "verify", advisor_stamp)
    progress = _progress(a, assignment, link_item, a.student)
    assert progress.status is ProgressStatus.TODO
    after = client.get(f"/{a.slug}/cohorts/{a.cohort.id}/students/{a.student.id}").get_data(
        as_text=True
    )
    assert "Someone else changed this item meanwhile" in after


def test_student_undo_after_advisor_verified_is_refused(world, auth, client, app, arrange):
    a, assignment, (link_item, _) = _setup(world)
    student = app.test_client()
    Auth(student).login_as(a.student)
    _done(student, a, assignment, link_item, link="https://example.org/cv.pdf")
    page = student.get(f"/{a.slug}/checklists").get_data(as_text=True)
    stamp = re.search(
        rf'name="u{assignment.id}-{link_item.id}-version" type="hidden" value="(\d+)"', page
    ).group(1)
    progress = _progress(a, assignment, link_item, a.student)
    auth.login_as(a.advisor)
    _review(client, a, progress, "verify", str(progress.version))
    _undo(student, a, assignment, link_item, stamp)
    assert _progress(a, assignment, link_item, a.student).status is ProgressStatus.VERIFIED
    assert "Someone else changed this item" in student.get(f"/{a.slug}/checklists").get_data(
        as_text=True
    )


def test_students_act_only_on_their_cohorts_assignments(world, auth, client):
    a, assignment, (_, note_item) = _setup(world)
    outsider = factories.create_member(a.institution, "student")
    auth.login_as(outsider)
    response = _done(client, a, assignment, note_item, note="sneaky")
    assert response.status_code == 404


def test_advisor_of_another_cohort_cannot_review(world, auth, client, arrange):
    a, assignment, (link_item, _) = _setup(world)
    progress = factories.set_progress(a.institution, assignment, link_item, a.student)
    other_advisor = factories.create_member(a.institution, "advisor")
    auth.login_as(other_advisor)
    assert _review(client, a, progress, "verify", "1").status_code == 404
    assert _progress(a, assignment, link_item, a.student).status is ProgressStatus.DONE


def test_student_pages_make_constant_queries(world, auth, client, count_queries):
    a = world.a
    counts = []
    for n in (1, 20):
        version = factories.create_checklist(
            a.institution, [{"title": f"Item {i}"} for i in range(n)]
        )
        factories.assign_checklist(a.institution, a.cohort, version)
        auth.login_as(a.student)
        for url in (f"/{a.slug}/checklists", f"/{a.slug}/"):
            client.get(url)
            with count_queries() as statements:
                assert client.get(url).status_code == 200
            counts.append(len(statements))
        auth.logout()
    assert counts[:2] == counts[2:], counts


def _student_link(tenant, student):
    with tenant_scope(tenant.institution):
        return db.session.execute(
            select(CohortStudent).where(CohortStudent.membership_id == student.id)
        ).scalar_one()


def test_work_of_a_student_who_left_the_cohort_cannot_be_reviewed(world, auth, client, arrange):
    a, assignment, (link_item, _) = _setup(world)
    progress = factories.set_progress(a.institution, assignment, link_item, a.student)
    link = _student_link(a, a.student)
    auth.login_as(a.admin)
    removed = client.post(f"/{a.slug}/cohorts/{a.cohort.id}/students/{link.id}/remove")
    assert removed.status_code == 302
    # The queue no longer shows the work, and neither an admin nor the advisor can review it.
    assert _review(client, a, progress, "return", "1", note="fix it").status_code == 404
    auth.logout()
    auth.login_as(a.advisor)
    assert "Share your résumé" not in client.get(f"/{a.slug}/checklists").get_data(as_text=True)
    assert _review(client, a, progress, "verify", "1").status_code == 404
    assert _progress(a, assignment, link_item, a.student).status is ProgressStatus.DONE

    with tenant_scope(a.institution):  # back in the cohort: their work is reviewable again
        db.session.add(CohortStudent(cohort_id=a.cohort.id, membership_id=a.student.id))
        db.session.commit()
    assert "Share your résumé" in client.get(f"/{a.slug}/checklists").get_data(as_text=True)
    assert _review(client, a, progress, "verify", "1").status_code == 302
    assert _progress(a, assignment, link_item, a.student).status is ProgressStatus.VERIFIED
