"""Demo reviews in every state, made through the review services so the data is consistent.

Blueprints the plans step decided get the published reviews behind those decisions, and
blueprints it took into review a claim with a draft. One more blueprint (the first student's)
goes through two rounds of anchored feedback and a resubmission: one comment's element was
edited since ("changed since") and one element was removed ("orphaned").
"""

from __future__ import annotations

import copy

from sqlalchemy import select

from ..audit import acting_as
from ..demo import DemoInstitution, seed_step
from ..extensions import db
from ..plans import services as plan_services
from ..plans.content import PlanDocument
from ..plans.demo_content import HEALTH_ANALYST
from ..plans.models import Plan, PlanRevision, RevisionState
from ..tenancy.models import Membership
from . import comments, services
from .models import BankComment, Decision, Review, ReviewComment, ReviewState
from .rubric import ensure_rubric

JOURNEY_EMPLOYER = "Riverbend Regional Health (second opportunity)"
BANK = [
    ("", "Name the insider who told you this: it shows the plan rests on real research."),
    ("plan", "Give this goal a measure your manager could check at day 90."),
    ("obstacles", "Say how you will get past this obstacle, not only that it exists."),
]


def _note(decision: Decision) -> str:
    if decision is Decision.APPROVED:
        return "Ready to leave behind: specific, researched and measurable. Good luck!"
    return "A solid start. Tighten the goals so each has a measure, then resubmit."


def _backfill(plan: Plan, revision: PlanRevision, advisor: Membership) -> None:
    """Record the published review behind a decision the plans step made."""
    decision = (
        Decision.APPROVED
        if revision.state is RevisionState.APPROVED
        else Decision.CHANGES_REQUESTED
    )
    rubric = ensure_rubric()
    review = Review(
        plan_id=plan.id,
        revision_id=revision.id,
        reviewer_id=advisor.id,
        rubric_version_id=rubric.id,
        state=ReviewState.PUBLISHED,
        decision=decision,
        overall_note=_note(decision),
        ratings={
            c["key"]: {
                "level": 3 if decision is Decision.APPROVED else 1,
                "comment": "",
                "carried": False,
            }
            for c in rubric.criteria
        },
        claimed_at=revision.submitted_at,
        published_at=revision.decided_at,
    )
    db.session.add(review)
    db.session.flush()
    if decision is Decision.CHANGES_REQUESTED and revision.content.goals:
        goal = revision.content.goals[0]
        db.session.add(
            ReviewComment(
                plan_id=plan.id,
                review_id=review.id,
                author_id=advisor.id,
                element_id=f"goal:{goal.id}",
                element_label=f"Goal 1: {goal.title}",
                anchored_text=f"{goal.title}\nDrawing on: {goal.draws_on}\n"
                f"Measure of success: {goal.measure}",
                body="Which number will tell your manager this goal worked? Add it.",
            )
        )


def _journey(student: Membership, advisor: Membership, cohort_id: int | None) -> None:
    """Two rounds of anchored feedback on one blueprint, then a resubmission waiting.

    Each step acts as the person who would take it, so the log says who did what.
    """
    header = {**HEALTH_ANALYST["header"], "employer": JOURNEY_EMPLOYER, "cohort_id": cohort_id}
    with acting_as(student.user):
        plan = plan_services.create_plan(student, header)
        content = PlanDocument.from_json(HEALTH_ANALYST["content"])
        if content.leave_behind is None:  # as started: the account's email on the leave-behind
            content.leave_behind = plan.content.leave_behind
        elif not content.leave_behind.email:
            content.leave_behind.email = student.user.email
        plan_services.save_plan(plan, plan.version, {}, content)
        first = plan_services.submit_plan(plan)
    with acting_as(advisor.user):
        review = services.claim(plan, first, advisor)
        goal, obstacle = first.content.goals[0], first.content.obstacles[-1]
        comments.add_comment(plan, first, advisor, f"goal:{goal.id}", "Make the measure a number.")
        comments.add_comment(
            plan, first, advisor, f"obstacle:{obstacle.id}", "Is this one really yours to solve?"
        )
        comments.add_comment(plan, first, advisor, "impact", "Lovely: keep this exactly as it is.")
        services.publish(plan, first, advisor, Decision.CHANGES_REQUESTED, review.version)
    # The student edits the goal's measure (its comment is "changed since") and drops the
    # obstacle (its comment is "orphaned"), then submits again.
    with acting_as(student.user):
        content = copy.deepcopy(plan.content)
        content.goals[0].measure = "Monday pack out by 9 am, 4 weeks running, no manual fixes"
        content.obstacles.pop()
        plan_services.save_plan(plan, plan.version, {}, content)
        second = plan_services.submit_plan(plan)
    with acting_as(advisor.user):
        review = services.claim(plan, second, advisor)
        services.save_draft(
            plan, second, advisor, "Nearly there: one more pass on goal 2.", None, review.version
        )
        if len(second.content.goals) > 1:
            goal_two = second.content.goals[1]
            comments.add_comment(
                plan,
                second,
                advisor,
                f"goal:{goal_two.id}:days_30",
                "Too many actions for month one.",
            )
            if goal_two.days_30:  # one action of its own: the one to keep
                first_action = f"goal:{goal_two.id}:days_30:{goal_two.action_ids('days_30')[0]}"
                comments.add_comment(
                    plan, second, advisor, first_action, "Keep this one: it is the one that counts."
                )
        services.publish(plan, second, advisor, Decision.CHANGES_REQUESTED, review.version)
    with acting_as(student.user):
        content = copy.deepcopy(plan.content)
        if len(content.goals) > 1 and content.goals[1].days_30:
            content.goals[1].days_30 = content.goals[1].days_30[:1]
        plan_services.save_plan(plan, plan.version, {}, content)
        plan_services.submit_plan(plan)


@seed_step(order=60)
def seed_reviews(demo: DemoInstitution) -> None:
    """Give decided blueprints their reviews, claims to those in review, and one journey."""
    if db.session.execute(select(Review.id).limit(1)).first() is not None:
        return  # seeded before
    ensure_rubric()
    advisor = demo.advisor
    with acting_as(advisor.user):
        for plan in db.session.execute(select(Plan).order_by(Plan.id)).scalars():
            for revision in plan.revisions:
                if revision.state in (RevisionState.APPROVED, RevisionState.CHANGES_REQUESTED):
                    _backfill(plan, revision, advisor)
                elif revision.state is RevisionState.IN_REVIEW:
                    services.claim(plan, revision, advisor)
    cohorts = {c.id for c in demo.cohorts}
    enrolled = [c for c in plan_services.student_cohorts(demo.student) if c.id in cohorts]
    _journey(demo.student, advisor, enrolled[0].id if enrolled else None)
    for criterion, body in BANK:
        db.session.add(BankComment(owner_id=None, criterion_key=criterion, body=body))
    db.session.add(
        BankComment(owner_id=advisor.id, criterion_key="", body="Strong research: well done.")
    )
    db.session.flush()
