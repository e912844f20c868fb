"""The student's "changes requested" banner in the editor says what to change: the overall note
and every open comment, each linked to where it sits in the published feedback (the target
exists there and takes focus) and, while its element is in the draft, to the field in the
editor; addressed and resolved comments are not listed; the page's statements stay constant."""

from __future__ import annotations

import copy
from html.parser import HTMLParser
from urllib.parse import urlsplit

from careercenter.extensions import db
from careercenter.plans import services as plan_services
from careercenter.plans.models import Plan, PlanRevision
from careercenter.reviews import comments
from careercenter.reviews.models import Review, ReviewComment
from careercenter.tenancy.scoping import tenant_scope

from ..plans.helpers import typical_content
from .helpers import review, submitted


class _Page(HTMLParser):
    """Every element id (with its tabindex and tag) and every link inside the banner."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: dict[str, dict[str, str | None]] = {}
        self.banner_links: list[str] = []
        self._depth = 0  # >0 while inside the banner's <section>
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids[values["id"]] = {"tag": tag, **values}
        if tag == "section" and (self._depth or values.get("id") == "changes-requested"):
            self._depth += 1
        if self._depth and tag == "a":
            self.banner_links.append(values["href"])

    def handle_endtag(self, tag):
        if tag == "section" and self._depth:
            self._depth -= 1


FOCUSABLE = {"input", "textarea", "select", "button", "a"}


def _focusable(element: dict[str, str | None]) -> bool:
    return element["tag"] in FOCUSABLE or element.get("tabindex") == "-1"


def _with_feedback(world, goals=2):
    """A blueprint with changes requested: five comments; one addressed, one resolved."""
    plan_id, revision_id = submitted(world.a, content=typical_content(goals=goals))
    with tenant_scope(world.a.institution):
        doc = db.session.get(PlanRevision, revision_id).content
    first, second = doc.goals[0], doc.goals[1]
    on = [
        f"goal:{first.id}",
        f"goal:{second.id}:days_30:{second.action_ids('days_30')[1]}",
        "impact",
        f"obstacle:{doc.obstacles[-1].id}",
        "research.duties",
    ]
    made = review(
        world.a,
        plan_id,
        revision_id,
        comments_on=on,
        decision="changes_requested",
        note="Tie every goal to a measure.",
    )
    with tenant_scope(world.a.institution):
        plan = db.session.get(Plan, plan_id)
        published = db.session.execute(
            db.select(Review).where(Review.revision_id == revision_id)
        ).scalar_one()
        addressed = db.session.get(ReviewComment, made[3])
        comments.mark_addressed(plan, addressed, published, addressed.version)
        resolved = db.session.get(ReviewComment, made[4])
        comments.resolve(plan, resolved, published, resolved.version)
        # The student removes the first goal from the draft: its comment stays open, and
        # links only to the feedback.
        content = copy.deepcopy(plan.content)
        content.goals.pop(0)
        plan_services.save_plan(plan, plan.version, {}, content, count_pages=False)
        db.session.commit()
    return plan_id, revision_id, made


def test_every_open_comment_links_to_a_target_that_exists(world, auth, client, arrange):
    plan_id, revision_id, made = _with_feedback(world)
    open_ids, closed_ids = made[:3], made[3:]
    auth.login_as(world.a.student)
    html = client.get(f"/{world.a.slug}/blueprints/{plan_id}").get_data(as_text=True)
    editor = _Page(html)
    assert "changes-requested" in editor.ids
    assert "Tie every goal to a measure." in html
    assert "What to change (3 open comments)" in html

    feedback = {}
    for comment_id in open_ids:
        (link,) = [h for h in editor.banner_links if h.endswith(f"#comment-{comment_id}")]
        path, fragment = urlsplit(link).path, urlsplit(link).fragment
        assert path == f"/{world.a.slug}/reviews/{revision_id}"
        if path not in feedback:
            feedback[path] = _Page(client.get(path).get_data(as_text=True))
        target = feedback[path].ids[fragment]  # the target exists and takes focus
        assert target["tag"] == "article" and _focusable(target)
    for comment_id in closed_ids:  # addressed and resolved ones are not listed as open
        assert not any(h.endswith(f"#comment-{comment_id}") for h in editor.banner_links)
    # Links into the editor: the second goal's action (now the first goal's, the other one
    # removed) and the impact; the removed goal's comment links only to the feedback.
    in_page = [h[1:] for h in editor.banner_links if h.startswith("#")]
    assert in_page == ["goals-0-days_30-1", "impact"]
    for fragment in in_page:
        assert _focusable(editor.ids[fragment])


def test_the_banner_costs_constant_statements(world, auth, client, arrange, count_queries):
    auth.login_as(world.a.student)
    counts = []
    for goals in (2, 5):
        plan_id, revision_id, _ = _with_feedback(world, goals=goals)
        with tenant_scope(world.a.institution):
            plan = db.session.get(Plan, plan_id)
            revision = db.session.get(PlanRevision, revision_id)
            review_row = db.session.execute(
                db.select(Review).where(Review.revision_id == revision_id)
            ).scalar_one()
            for n in range(goals * 3):  # more open comments on the bigger plan
                row = ReviewComment(
                    plan_id=plan.id,
                    review_id=review_row.id,
                    author_id=world.a.advisor.id,
                    element_id="impact",
                    element_label="Impact on the department",
                    anchored_text=revision.content.impact,
                    body=f"More {n}",
                )
                db.session.add(row)
            db.session.commit()
        url = f"/{world.a.slug}/blueprints/{plan_id}"
        client.get(url)
        with count_queries() as statements:
            page = client.get(url).get_data(as_text=True)
        assert f"More {goals * 3 - 1}" in page
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
