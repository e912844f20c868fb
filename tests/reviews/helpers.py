"""Build reviews for tests through the real services, and listen to the review signals."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import select

from careercenter import events
from careercenter.extensions import db
from careercenter.plans.models import Plan, PlanRevision
from careercenter.reviews import comments, screen, services
from careercenter.reviews.anchors import AnchorState
from careercenter.reviews.models import Decision, Review
from careercenter.tenancy.scoping import tenant_scope

from ..plans.helpers import make_plan, typical_content

SIGNALS = ("review_claimed", "review_published", "comment_replied", "review_overdue")


@contextmanager
def heard():
    """Collect every review signal sent inside the block as (name, kwargs)."""
    got: list[tuple[str, dict]] = []
    receivers = {}
    for name in SIGNALS:

        def receiver(sender, _name=name, **kwargs):
            got.append((_name, kwargs))

        receivers[name] = receiver
        getattr(events, name).connect(receiver)
    try:
        yield got
    finally:
        for name, receiver in receivers.items():
            getattr(events, name).disconnect(receiver)


def submitted(tenant, content=None, **header) -> tuple[int, int]:
    """Return (plan id, revision id) of a freshly submitted blueprint of the tenant's student."""
    plan_id = make_plan(tenant, content=content or typical_content(), submit=True, **header)
    return plan_id, latest_revision_id(tenant, plan_id)


def latest_revision_id(tenant, plan_id: int) -> int:
    with tenant_scope(tenant.institution):
        return db.session.execute(
            select(PlanRevision.id)
            .where(PlanRevision.plan_id == plan_id)
            .order_by(PlanRevision.number.desc())
            .limit(1)
        ).scalar_one()


def load(tenant, plan_id: int, revision_id: int):
    plan = db.session.get(Plan, plan_id, populate_existing=True)
    revision = db.session.get(PlanRevision, revision_id, populate_existing=True)
    return plan, revision


def review(tenant, plan_id, revision_id, advisor=None, comments_on=(), decision=None, note=""):
    """Claim, comment on `comments_on` element ids and publish `decision` (if any)."""
    advisor = advisor or tenant.advisor
    with tenant_scope(tenant.institution):
        plan, revision = load(tenant, plan_id, revision_id)
        row = services.claim(plan, revision, advisor)
        made = [
            comments.add_comment(plan, revision, advisor, element, f"About {element}").id
            for element in comments_on
        ]
        if note:
            row = services.save_draft(plan, revision, advisor, note, None, row.version)
        if decision is not None:
            services.publish(plan, revision, advisor, Decision(decision), row.version)
        db.session.commit()
        return made


def review_row(tenant, revision_id) -> Review | None:
    with tenant_scope(tenant.institution):
        return db.session.execute(
            select(Review).where(Review.revision_id == revision_id)
        ).scalar_one_or_none()


def waiting_plans(tenant, count: int, submitted_at=None, revisions: int = 1) -> list[int]:
    """Insert `count` submitted blueprints of the tenant's student directly (no PDF count)."""
    from careercenter.plans import document
    from careercenter.plans.models import PlanState, RevisionState

    made = []
    with tenant_scope(tenant.institution):
        content = typical_content(goals=1, insiders=1, obstacles=1)
        for n in range(count):
            plan = Plan(
                owner_id=tenant.student.id,
                cohort_id=tenant.cohort.id,
                employer=f"Employer {n}",
                role_title="Analyst",
                state=PlanState.SUBMITTED,
                content=content,
                revision_count=revisions,
            )
            plan.owner = db.session.get(type(tenant.student), tenant.student.id)
            db.session.add(plan)
            db.session.flush()
            header = document.header_snapshot(plan)
            for number in range(1, revisions + 1):
                values = {"submitted_at": submitted_at} if submitted_at else {}
                if number < revisions:  # earlier rounds were sent back
                    values["state"] = RevisionState.CHANGES_REQUESTED
                db.session.add(
                    PlanRevision(
                        plan_id=plan.id,
                        number=number,
                        header=header,
                        content=content,
                        page_count=1,
                        **values,
                    )
                )
            made.append(plan.id)
        db.session.commit()
    return made


def screen_of(tenant, plan_id, revision_id, member):
    """Return what the review screen shows `member` of a revision (built outside a request)."""
    with tenant_scope(tenant.institution):
        plan = db.session.get(Plan, plan_id)
        revision = db.session.get(PlanRevision, revision_id)
        return screen.build(plan, revision, member)


def anchor_states(data) -> dict[str, AnchorState]:
    """Map each shown comment's body to its anchor state (orphaned ones included)."""
    found = {v.comment.body: v.anchor for vs in data.by_element.values() for v in vs}
    found.update({v.comment.body: v.anchor for v in data.orphaned})
    return found
