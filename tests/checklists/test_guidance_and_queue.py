"""Items keep their guidance after the practice leaves the library; advisors review in the queue."""

from __future__ import annotations

import pytest

from careercenter.checklists.models import ProgressStatus
from careercenter.extensions import db
from careercenter.practices.models import Practice, PracticeHidden
from careercenter.tenancy.scoping import tenant_scope
from tests import factories

from .test_progress import _progress


def _checklist_with_practices(a, practices):
    items = [{"title": p.title, "practice_id": p.id} for p in practices]
    version = factories.create_checklist(a.institution, items)
    assignment = factories.assign_checklist(a.institution, a.cohort, version)
    return assignment, factories.items_of(a.institution, version)


@pytest.mark.parametrize("how", ["hidden", "retired"])
def test_guidance_stays_readable_when_the_practice_leaves_the_library(world, auth, client, how):
    a = world.a
    if how == "hidden":
        practice = factories.create_practice(None, guidance="Ask the **hiring manager** first.")
    else:
        practice = factories.create_practice(a.institution, guidance="Ask the **hiring manager**.")
    kept = factories.create_practice(None, guidance="Still in the library.")
    _checklist_with_practices(a, [practice, kept])
    with tenant_scope(a.institution):
        if how == "hidden":
            db.session.add(PracticeHidden(practice_id=practice.id))
        else:
            db.session.get(Practice, practice.id).retired = True
        db.session.commit()

    for who in (a.student, a.advisor):
        auth.login_as(who)
        url = (
            f"/{a.slug}/checklists"
            if who is a.student
            else f"/{a.slug}/cohorts/{a.cohort.id}/students/{a.student.id}"
        )
        page = client.get(url).get_data(as_text=True)
        assert practice.title in page  # the item itself stays
        assert f"/practices/{practice.id}" not in page  # no link to a page that 404s
        assert "<strong>hiring manager</strong>" in page  # its guidance is shown inline
        assert f"/practices/{kept.id}" in page  # practices still in the library stay linked
        assert client.get(f"/{a.slug}/practices/{kept.id}").status_code == 200
        auth.logout()


def _queue_world(world, n):
    a = world.a
    items = [
        {"title": f"Share link {i}", "evidence": "link", "needs_verification": True}
        for i in range(n)
    ]
    version = factories.create_checklist(a.institution, items)
    assignment = factories.assign_checklist(a.institution, a.cohort, version)
    rows = []
    for i, item in enumerate(factories.items_of(a.institution, version)):
        link = "javascript:alert(1)" if i == 0 else f"https://portfolio.example/{i}"
        rows.append(
            factories.set_progress(
                a.institution,
                assignment,
                item,
                a.student,
                evidence_link=link,
                evidence_note=f"Note <b>{i}</b>",
            )
        )
    return a, assignment, rows


def test_queue_shows_evidence_safely_and_review_actions(world, auth, client):
    a, assignment, (unsafe, safe) = _queue_world(world, 2)
    auth.login_as(a.advisor)
    page = client.get(f"/{a.slug}/checklists").get_data(as_text=True)
    assert "Note &lt;b&gt;0&lt;/b&gt;" in page  # notes are escaped
    assert 'href="javascript:' not in page and "javascript:alert(1)" in page  # shown, not linked
    assert '<a href="https://portfolio.example/1" rel="noopener noreferrer nofollow">' in page
    for progress in (unsafe, safe):
        action = f"/{a.slug}/checklists/progress/{progress.id}/review"
        assert f'action="{action}"' in page
        assert f'name="r{progress.id}-decision" value="verify"' in page
        assert f'name="r{progress.id}-decision" value="return"' in page
        assert f'name="r{progress.id}-version" type="hidden" value="1"' in page

    response = client.post(
        f"/{a.slug}/checklists/progress/{safe.id}/review",
        data={
            f"r{safe.id}-decision": "verify",
            f"r{safe.id}-version": "1",
            "back": f"/{a.slug}/checklists",
        },
    )
    assert response.location == f"/{a.slug}/checklists"
    assert _progress(a, assignment, safe.item, a.student).status is ProgressStatus.VERIFIED
    # A stale form (the student undid and redid meanwhile) is refused like on the detail page.
    stale = client.post(
        f"/{a.slug}/checklists/progress/{unsafe.id}/review",
        data={f"r{unsafe.id}-decision": "return", f"r{unsafe.id}-version": "0", "note": "x"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Someone else changed this item" in stale


def test_queue_makes_constant_queries(world, auth, client, count_queries):
    counts = []
    for n in (1, 15):
        a, _assignment, _rows = _queue_world(world, n)
        auth.login_as(a.advisor)
        for _ in range(2):  # warm: today's view recorded, then known to be
            client.get(f"/{a.slug}/checklists")
        with count_queries() as statements:
            assert client.get(f"/{a.slug}/checklists").status_code == 200
        counts.append(len(statements))
        auth.logout()
    assert counts[0] == counts[1], counts
