"""The comment bank: personal entries, the institution's curated by admins."""

from __future__ import annotations

from sqlalchemy import select

from careercenter.extensions import db
from careercenter.reviews.models import BankComment
from careercenter.tenancy.scoping import tenant_scope

from .helpers import review, submitted


def _entries(tenant):
    with tenant_scope(tenant.institution):
        return {(e.owner_id, e.body) for e in db.session.execute(select(BankComment)).scalars()}


def test_advisor_saves_own_and_admin_curates_shared(world, auth, client, arrange):
    auth.login_as(world.a.advisor)
    client.post(f"/{world.a.slug}/reviews/bank", data={"body": "Mine", "criterion_key": "plan"})
    client.post(
        f"/{world.a.slug}/reviews/bank", data={"body": "Sneaky", "shared": "y", "criterion_key": ""}
    )
    assert _entries(world.a) == {(world.a.advisor.id, "Mine")}
    auth.logout()
    auth.login_as(world.a.admin)
    client.post(
        f"/{world.a.slug}/reviews/bank",
        data={"body": "For everyone", "shared": "y", "criterion_key": ""},
    )
    page = client.get(f"/{world.a.slug}/reviews/bank").get_data(as_text=True)
    assert "For everyone" in page and "Mine" not in page
    auth.logout()
    auth.login_as(world.a.advisor)
    page = client.get(f"/{world.a.slug}/reviews/bank").get_data(as_text=True)
    assert "For everyone" in page and "Mine" in page and "A credible 30/60/90 plan" in page
    with tenant_scope(world.a.institution):
        shared = db.session.execute(
            select(BankComment.id).where(BankComment.owner_id.is_(None))
        ).scalar_one()
    client.post(f"/{world.a.slug}/reviews/bank/{shared}/delete")
    assert (None, "For everyone") in _entries(world.a)  # only admins remove shared ones


def test_students_have_no_bank(world, auth, client):
    auth.login_as(world.a.student)
    assert client.get(f"/{world.a.slug}/reviews/bank").status_code == 403


def test_the_screen_offers_each_bank_change_at_once(world, auth, client, arrange):
    """The screen keeps the claim holder's bank under the queue version: every entry saved,
    shared or removed moves it."""
    plan_id, revision_id = submitted(world.a)
    review(world.a, plan_id, revision_id)  # the advisor holds the claim
    screen = f"/{world.a.slug}/reviews/{revision_id}"
    auth.login_as(world.a.advisor)
    assert "Ask for one measure" not in client.get(screen).get_data(as_text=True)
    bank = {"body": "Ask for one measure", "criterion_key": "plan"}
    client.post(f"/{world.a.slug}/reviews/bank", data=bank)
    assert "Ask for one measure" in client.get(screen).get_data(as_text=True)
    auth.logout()
    auth.login_as(world.a.admin)
    client.post(
        f"/{world.a.slug}/reviews/bank",
        data={"body": "Shared by the office", "shared": "y", "criterion_key": ""},
    )
    auth.logout()
    auth.login_as(world.a.advisor)
    assert "Shared by the office" in client.get(screen).get_data(as_text=True)
    with tenant_scope(world.a.institution):
        mine = db.session.execute(
            select(BankComment.id).where(BankComment.owner_id == world.a.advisor.id)
        ).scalar_one()
    client.post(f"/{world.a.slug}/reviews/bank/{mine}/delete")
    assert "Ask for one measure" not in client.get(screen).get_data(as_text=True)


def test_the_screen_carries_the_bank_once_for_every_comment_box(world, auth, client, arrange):
    """Every box offers the bank, but the page holds its options once (review.js copies them
    into a box when it opens): with ten goals a copy per box made the page twice as heavy."""
    plan_id, revision_id = submitted(world.a)
    review(world.a, plan_id, revision_id)  # the advisor holds the claim
    auth.login_as(world.a.advisor)
    bank = {"body": "Ask for one <measure>", "criterion_key": "plan"}
    client.post(f"/{world.a.slug}/reviews/bank", data=bank)
    page = client.get(f"/{world.a.slug}/reviews/{revision_id}").get_data(as_text=True)
    boxes = page.count('class="comment-box"')
    assert boxes > 5
    assert page.count('<template id="comment-bank-options">') == 1
    assert page.count("Ask for one &lt;measure&gt;") == 2  # the option's value and its text
    assert page.count("data-bank-for=") == boxes
    auth.logout()
    auth.login_as(world.a.admin)  # not holding the claim: no boxes, no bank
    page = client.get(f"/{world.a.slug}/reviews/{revision_id}").get_data(as_text=True)
    assert "comment-bank-options" not in page and "data-bank-for=" not in page
