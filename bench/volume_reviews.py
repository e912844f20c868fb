"""Volume for reviews: the queue at 10,000 waiting blueprints, and one review screen of a plan
with 10 goals and 30 comments.

Waiting blueprints are bulk-inserted (a submitted plan and its one revision each), spread
over the volume students, so the admin's queue holds 10,000 (four times where SpeedGrader
stops loading); the TINY spec of the tests inserts a few dozen. The review screen's plan is
the demo advisor's claim: a draft review whose 30 comments sit on its elements.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from careercenter.extensions import db
from careercenter.plans.content import PlanDocument
from careercenter.plans.demo_content import HEALTH_ANALYST
from careercenter.plans.hook import hook_script
from careercenter.plans.models import Plan, PlanRevision, PlanState, RevisionHeader, RevisionState
from careercenter.reviews.anchors import elements
from careercenter.reviews.models import Review, ReviewComment
from careercenter.reviews.rubric import ensure_rubric

from .volume import TenantVolume, insert_returning_ids, volume_step
from .volume_plans import _people

QUEUE_SIZE = 10_000
SCREEN_GOALS = 10
SCREEN_COMMENTS = 30


def _content(goals: int = 1) -> PlanDocument:
    raw = dict(HEALTH_ANALYST["content"])
    sample = raw["goals"]
    raw["goals"] = [dict(sample[n % len(sample)], id="") for n in range(goals)]
    content = PlanDocument.from_json(raw, caps=False)  # 10 goals: past the cap, as older saves
    content.hook.script = hook_script(HEALTH_ANALYST["header"]["employer"], content.hook.functions)
    return content


def _header(person: tuple[str, str], employer: str) -> RevisionHeader:
    name, email = person
    return RevisionHeader(
        student_name=name, student_email=email, employer=employer, role_title="Business Analyst"
    )


def _waiting(tenant: TenantVolume, owners: list[int], count: int, content, now) -> list[int]:
    plans = [
        {
            "institution_id": tenant.institution.id,
            "owner_id": owners[n % len(owners)],
            "cohort_id": None,
            "employer": f"Employer {n % 300}",
            "role_title": "Business Analyst",
            "posting_url": "",
            "state": PlanState.SUBMITTED,
            "content": content,
            "page_count": 1,
            "revision_count": 1,
            "created_at": now - timedelta(days=40),
            "updated_at": now - timedelta(days=30, minutes=n),
            "version": 3,
        }
        for n in range(count)
    ]
    plan_ids = insert_returning_ids(Plan, plans)
    people = _people(sorted(set(owners)))
    revisions = [
        {
            "institution_id": tenant.institution.id,
            "plan_id": plan_id,
            "number": 1,
            "state": RevisionState.SUBMITTED,
            "header": _header(people[owners[n % len(owners)]], f"Employer {n % 300}"),
            "content": content,
            "page_count": 1,
            "submitted_at": now - timedelta(days=30) + timedelta(minutes=4 * n),
            "version": 1,
        }
        for n, plan_id in enumerate(plan_ids)
    ]
    insert_returning_ids(PlanRevision, revisions)
    return plan_ids


def _screen(tenant: TenantVolume, now) -> int:
    """Insert the plan with 10 goals in review by the demo advisor, with 30 comments."""
    content = _content(SCREEN_GOALS)
    owner = tenant.demo.student.id
    (plan_id,) = insert_returning_ids(
        Plan,
        [
            {
                "institution_id": tenant.institution.id,
                "owner_id": owner,
                "cohort_id": None,
                "employer": "Screen Test Health",
                "role_title": "Business Analyst",
                "posting_url": "",
                "state": PlanState.IN_REVIEW,
                "content": content,
                "page_count": 2,
                "revision_count": 1,
                "created_at": now - timedelta(days=5),
                "updated_at": now - timedelta(days=4),
                "version": 4,
            }
        ],
    )
    (revision_id,) = insert_returning_ids(
        PlanRevision,
        [
            {
                "institution_id": tenant.institution.id,
                "plan_id": plan_id,
                "number": 1,
                "state": RevisionState.IN_REVIEW,
                "header": _header(_people([owner])[owner], "Screen Test Health"),
                "content": content,
                "page_count": 2,
                "submitted_at": now - timedelta(days=4),
                "version": 2,
            }
        ],
    )
    advisor = tenant.demo.advisor.id
    review = Review(
        plan_id=plan_id,
        revision_id=revision_id,
        reviewer_id=advisor,
        rubric_version_id=ensure_rubric().id,
        ratings={},
    )
    db.session.add(review)
    db.session.flush()
    found = list(elements(content).values())
    db.session.add_all(
        ReviewComment(
            plan_id=plan_id,
            review_id=review.id,
            author_id=advisor,
            element_id=found[n % len(found)].id,
            element_label=found[n % len(found)].label[:200],
            anchored_text=found[n % len(found)].text,
            body=f"Comment {n + 1}: make this more specific to the employer.",
        )
        for n in range(SCREEN_COMMENTS)
    )
    db.session.flush()
    return revision_id


@volume_step
def review_queue_and_screen(tenant: TenantVolume) -> None:
    """Fill the main institution's review queue and give the demo advisor a big review screen."""
    if not tenant.is_main:
        return
    now = datetime.now(UTC)
    count = QUEUE_SIZE if tenant.size.students >= 1000 else 40
    # Owners who already wait for a review: their readiness (blueprint stage "submitted") and
    # the other scenarios' data stay as the blueprint step made them.
    owners = (
        list(
            db.session.execute(
                select(Plan.owner_id)
                .where(
                    Plan.state.in_([PlanState.SUBMITTED, PlanState.IN_REVIEW]),
                    Plan.owner_id.in_(tenant.students[1:]),
                )
                .distinct()
                .order_by(Plan.owner_id)
            ).scalars()
        )
        or tenant.students[1:]
        or tenant.students
    )
    _waiting(tenant, owners, count, _content(), now)
    tenant.ids["review_revision_id"] = _screen(tenant, now)
