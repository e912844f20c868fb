"""The review screen: constant queries, comment boxes on every element, bank, gaps, audit."""

from __future__ import annotations

import re

from flask import g
from markupsafe import escape
from sqlalchemy import select, update

from careercenter.audit.models import AuditEvent
from careercenter.auth.models import User
from careercenter.extensions import db
from careercenter.plans import permissions
from careercenter.plans.content import PlanDocument
from careercenter.plans.models import PlanRevision
from careercenter.reviews import comments, screen, services
from careercenter.reviews.anchors import elements
from careercenter.reviews.models import BankComment, CommentReply, Decision, ReviewComment
from careercenter.tenancy.models import Institution, Membership
from careercenter.tenancy.scoping import tenant_scope

from ..plans.helpers import typical_content
from .helpers import load, review, review_row, submitted


def _big_content() -> PlanDocument:
    raw = typical_content(goals=6, insiders=4, obstacles=4).to_json()
    raw["goals"] = raw["goals"] + [dict(g, id="") for g in raw["goals"][:4]]  # 10 goals
    return PlanDocument.from_json(raw, caps=False)


def _ids(tenant, revision_id) -> list[str]:
    with tenant_scope(tenant.institution):
        return list(elements(db.session.get(PlanRevision, revision_id).content))


def _replies(tenant, comment_ids, per_comment: int) -> None:
    """Reply to each published comment `per_comment` times, as the student."""
    with tenant_scope(tenant.institution):
        db.session.add_all(
            CommentReply(comment_id=c, author_id=tenant.student.id, body=f"Reply {n} to {c}")
            for c in comment_ids
            for n in range(per_comment)
        )
        db.session.commit()


def test_review_screen_makes_constant_queries(world, auth, client, arrange, count_queries):
    small_plan, small = submitted(world.a, content=typical_content(goals=1, insiders=1))
    review(world.a, small_plan, small, comments_on=_ids(world.a, small)[:2])
    big_plan, big = submitted(world.a, content=_big_content())
    ids = _ids(world.a, big)
    assert len(ids) >= 30
    review(world.a, big_plan, big, comments_on=ids[:30])
    # Published rounds with replies in their threads, as many rows again as comments.
    few_plan, few = submitted(world.a, content=typical_content(goals=1, insiders=1))
    made = review(world.a, few_plan, few, comments_on=_ids(world.a, few)[:1], decision="approved")
    _replies(world.a, made, 1)
    many_plan, many = submitted(world.a, content=_big_content())
    made = review(
        world.a, many_plan, many, comments_on=_ids(world.a, many)[:30], decision="approved"
    )
    _replies(world.a, made, 3)
    auth.login_as(world.a.advisor)
    counts = []
    for revision_id in (small, big, few, many):
        client.get(f"/{world.a.slug}/reviews/{revision_id}")
        with count_queries() as statements:
            page = client.get(f"/{world.a.slug}/reviews/{revision_id}")
        assert page.status_code == 200
        counts.append(len(statements))
    assert f"Reply 2 to {made[-1]}" in page.get_data(as_text=True)
    assert len(set(counts)) == 1, counts
    # 14 before the screen committed only new audit rows; 9 before it read the replies
    # with the comments, the revisions with their reviews and the revision with its plan; 6
    # before it kept the comments and the bank. Left: the session, the revision, today's
    # audit row (once a process knows it, none) and the rounds.
    assert counts[0] <= 4, counts


def test_every_element_gets_a_comment_box_for_the_claim_holder(world, auth, client, arrange):
    plan_id, revision_id = submitted(world.a)
    review(world.a, plan_id, revision_id)
    auth.login_as(world.a.advisor)
    page = client.get(f"/{world.a.slug}/reviews/{revision_id}").get_data(as_text=True)
    for element_id in _ids(world.a, revision_id):
        assert f'name="element_id" value="{element_id}"' in page, element_id
    assert "Download the PDF" in page and "page" in page
    with tenant_scope(world.a.institution):
        assert db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "plan.viewed")
        ).first()


def test_bank_comments_are_offered_and_gaps_shown(world, auth, client, arrange):
    content = typical_content(insiders=0)
    plan_id, revision_id = submitted(world.a, content=content)
    review(world.a, plan_id, revision_id)
    with tenant_scope(world.a.institution):
        db.session.add(BankComment(owner_id=None, body="Institution-wide advice"))
        db.session.add(BankComment(owner_id=world.a.advisor.id, body="My own advice"))
        db.session.add(BankComment(owner_id=world.a.admin.id, body="Someone else's advice"))
        db.session.commit()
    auth.login_as(world.a.advisor)
    page = client.get(f"/{world.a.slug}/reviews/{revision_id}").get_data(as_text=True)
    assert "Institution-wide advice" in page and "My own advice" in page
    assert "Someone else&#39;s advice" not in page and "Someone else's advice" not in page
    assert "Gaps the student submitted with" in page and "insider" in page.lower()


def test_comment_body_is_escaped(world, auth, client, arrange):
    plan_id, revision_id = submitted(world.a)
    review(world.a, plan_id, revision_id)
    auth.login_as(world.a.advisor)
    client.post(
        f"/{world.a.slug}/reviews/{revision_id}/comments",
        data={"element_id": "impact", "body": "<script>alert(1)</script>"},
    )
    page = client.get(f"/{world.a.slug}/reviews/{revision_id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_a_comment_on_an_unknown_element_is_refused(world, auth, client, arrange):
    plan_id, revision_id = submitted(world.a)
    review(world.a, plan_id, revision_id)
    auth.login_as(world.a.advisor)
    page = client.post(
        f"/{world.a.slug}/reviews/{revision_id}/comments",
        data={"element_id": "goal:nope", "body": "Hello"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "not in this revision" in page


def test_the_kept_sections_show_every_change_at_once_with_the_pages_token(
    world, auth, client, arrange
):
    plan_id, revision_id = submitted(world.a)
    review(world.a, plan_id, revision_id)
    auth.login_as(world.a.advisor)
    path = f"/{world.a.slug}/reviews/{revision_id}"
    element = _ids(world.a, revision_id)[1]
    assert "First remark" not in client.get(path).get_data(as_text=True)
    data = {"element_id": element, "body": "First remark"}
    assert client.post(f"{path}/comments", data=data).status_code == 302
    page = client.get(path).get_data(as_text=True)
    assert "First remark" in page and "Remove from draft" in page
    with tenant_scope(world.a.institution):
        comment = db.session.execute(select(ReviewComment)).scalar_one()
        db.session.delete(comment)
        db.session.commit()
    page = client.get(path).get_data(as_text=True)
    assert "First remark" not in page
    assert "<csrf-token>" not in page
    tokens = set(re.findall(r'name="csrf_token" value="([^"]*)"', page))
    assert len(tokens) == 1 and "" not in tokens  # the same token in the kept HTML as around it


def test_replies_and_statuses_show_at_once(world, auth, client, arrange):
    plan_id, revision_id = submitted(world.a)
    element = _ids(world.a, revision_id)[1]
    (comment_id,) = review(
        world.a, plan_id, revision_id, comments_on=[element], decision="approved"
    )
    auth.login_as(world.a.advisor)
    path = f"/{world.a.slug}/reviews/{revision_id}"
    assert "A reply here" not in client.get(path).get_data(as_text=True)
    reply = {"body": "A reply here", "back": str(revision_id)}
    assert client.post(f"/{world.a.slug}/reviews/comments/{comment_id}/reply", data=reply)
    page = client.get(path).get_data(as_text=True)
    assert "A reply here" in page and ">Open<" in page
    with tenant_scope(world.a.institution):
        version = db.session.get(ReviewComment, comment_id).version
    status = {"version": str(version), "back": str(revision_id)}
    client.post(f"/{world.a.slug}/reviews/comments/{comment_id}/resolve", data=status)
    page = client.get(path).get_data(as_text=True)
    assert ">Resolved<" in page and ">Open<" not in page


def test_kept_draft_form_follows_each_save(world, auth, client, arrange):
    """The draft form's HTML is kept per review version: a saved note or rating shows at once."""
    plan_id, revision_id = submitted(world.a)
    review(world.a, plan_id, revision_id)
    auth.login_as(world.a.advisor)
    path = f"/{world.a.slug}/reviews/{revision_id}"
    assert 'name="overall_note" rows="4">\r\n</textarea>' in client.get(path).get_data(as_text=True)
    for note in ("First <note>", "Second note"):
        with tenant_scope(world.a.institution):
            plan, revision = load(world.a, plan_id, revision_id)
            row = review_row(world.a, revision_id)
            services.save_draft(plan, revision, world.a.advisor, note, None, row.version)
            db.session.commit()
            version = review_row(world.a, revision_id).version
        page = client.get(path).get_data(as_text=True)
        assert f'rows="4">\r\n{escape(note)}</textarea>' in page
        assert f'name="version" type="hidden" value="{version}"' in page


def test_kept_comments_follow_every_write(world, auth, client, arrange, count_queries):
    """The screen keeps a revision's comments under the student's membership version and the
    queue version: a comment, its removal, a publication, a reply, an author's new name and a
    bulk statement each show at once, to staff and to the student."""
    plan_id, revision_id = submitted(world.a)
    first, second = _ids(world.a, revision_id)[1:3]
    review(world.a, plan_id, revision_id, comments_on=[first])  # the advisor's draft
    slug, path = world.a.slug, f"/{world.a.slug}/reviews/{revision_id}"
    auth.login_as(world.a.advisor)
    assert f"About {first}" in client.get(path).get_data(as_text=True)
    with count_queries() as kept:
        client.get(path)
    assert not any("review_comments" in str(s) for s in kept)  # kept: not read again

    new = {"element_id": second, "body": "Name the <team>"}
    client.post(f"/{slug}/reviews/{revision_id}/comments", data=new)
    assert escape("Name the <team>") in client.get(path).get_data(as_text=True)
    with tenant_scope(world.a.institution):
        (gone,) = db.session.execute(
            select(ReviewComment.id).where(ReviewComment.element_id == first)
        ).scalars()
    client.post(f"/{slug}/reviews/{revision_id}/comments/{gone}/delete")
    assert f"About {first}" not in client.get(path).get_data(as_text=True)

    with tenant_scope(world.a.institution):  # a bulk statement: no flush sees its rows
        db.session.execute(update(ReviewComment).values(body="Rewritten in bulk"))
        db.session.commit()
    assert "Rewritten in bulk" in client.get(path).get_data(as_text=True)
    with tenant_scope(world.a.institution):
        advisor = db.session.get(User, world.a.advisor.user_id)
        advisor.name = "Renamed Advisor"
        db.session.commit()
    assert "Renamed Advisor</strong>" in client.get(path).get_data(as_text=True)

    auth.logout()
    auth.login_as(world.a.student)
    page = client.get(path).get_data(as_text=True)
    assert "Rewritten in bulk" not in page and "Published reviews" not in page  # a draft
    with tenant_scope(world.a.institution):
        plan, revision = load(world.a, plan_id, revision_id)
        row = review_row(world.a, revision_id)
        services.publish(plan, revision, world.a.advisor, Decision.APPROVED, row.version)
        db.session.commit()
    page = client.get(path).get_data(as_text=True)
    assert "Rewritten in bulk" in page
    assert f"Revision 1: {Decision.APPROVED.label}" in page  # the round, kept anew


def test_an_uncommitted_comment_is_read_around_the_kept_list(world, app):
    plan_id, revision_id = submitted(world.a)
    element = _ids(world.a, revision_id)[1]
    review(world.a, plan_id, revision_id)
    with app.test_request_context(), tenant_scope(world.a.institution):
        g.institution = db.session.get(Institution, world.a.institution.id)
        plan, revision = load(world.a, plan_id, revision_id)
        advisor = db.session.get(Membership, world.a.advisor.id)

        def shown() -> int:
            owner = permissions.revision_and_plan(revision_id, advisor).owner_version
            return screen.build(plan, revision, advisor, owner).comment_count

        assert shown() == 0  # now kept
        comments.add_comment(plan, revision, advisor, element, "Not committed yet")
        db.session.flush()
        assert shown() == 1
        db.session.rollback()
        assert shown() == 0
