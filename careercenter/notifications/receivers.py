"""Turn the signals of `events.py` into notifications for the people each one concerns.

Receivers run inside the sender's transaction and tenant scope: they load what they need from
the ids they are given, add rows to the session and queue mail for after the commit. Whoever
acted is never told of their own act (`services.notify`).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from .. import events
from ..cohorts.models import Cohort, CohortAdvisor, CohortStatus, CohortStudent
from ..extensions import db
from ..plans.models import Plan, PlanRevision
from ..tenancy.models import Membership
from .models import Kind
from .services import Message, notify


def load_plan(plan_id: int) -> Plan | None:
    """Return the plan in the current institution (None for another's, or a deleted one)."""
    return db.session.execute(select(Plan).where(Plan.id == plan_id)).scalar_one_or_none()


def plan_advisors(plan: Plan) -> list[Membership]:
    """Return the advisors of the plan's cohort, or of every cohort its student is in.

    Only active cohorts the student is enrolled in count (advisors read a blueprint through
    the student's enrolment); the plan's own cohort wins when it is one of them.
    """
    enrolled = list(
        db.session.scalars(
            select(CohortStudent.cohort_id)
            .join(Cohort, Cohort.id == CohortStudent.cohort_id)
            .where(
                CohortStudent.membership_id == plan.owner_id,
                Cohort.status == CohortStatus.ACTIVE,
            )
        )
    )
    cohort_ids = [plan.cohort_id] if plan.cohort_id in enrolled else enrolled
    if not cohort_ids:
        return []
    return list(
        db.session.scalars(
            select(Membership)
            .where(
                Membership.id.in_(
                    select(CohortAdvisor.membership_id).where(
                        CohortAdvisor.cohort_id.in_(cohort_ids)
                    )
                )
            )
            .order_by(Membership.id)
        )
    )


def members_of(user_ids: Iterable[int | None]) -> dict[int, Membership]:
    """Return this institution's memberships of `user_ids`, by user id."""
    ids = {user_id for user_id in user_ids if user_id is not None}
    if not ids:
        return {}
    rows = db.session.scalars(select(Membership).where(Membership.user_id.in_(ids)))
    return {member.user_id: member for member in rows}


def _name(member: Membership | None) -> str:
    return member.display_name if member is not None else "Someone"


def _latest_revision_id(plan: Plan) -> int | None:
    return db.session.execute(
        select(PlanRevision.id)
        .where(PlanRevision.plan_id == plan.id)
        .order_by(PlanRevision.number.desc())
        .limit(1)
    ).scalar_one_or_none()


def plan_message(
    plan: Plan, kind: Kind, text: str, subject: str, revision_id: int | None = None
) -> Message:
    """A message about `plan`, linking to its submitted revision's review page (comments,
    decision, feedback) when there is one, else to the blueprint."""
    student = plan.owner.display_name
    slug = plan.owner.institution.slug
    revision_id = revision_id or _latest_revision_id(plan)
    if revision_id is not None:
        endpoint, values = "reviews.screen", {"slug": slug, "revision_id": revision_id}
    else:
        endpoint, values = "plans.show", {"slug": slug, "plan_id": plan.id}
    return Message(
        kind=kind,
        text=text,
        subject=subject,
        about=f"Blueprint: {plan.title}, by {student}",
        endpoint=endpoint,
        values=values,
        plan_id=plan.id,
    )


@events.blueprint_submitted.connect
def on_submitted(_sender, *, plan_id: int, revision_id: int, by_user_id: int, **_extra) -> None:
    """Tell the advisors of the student's cohorts that a blueprint waits for them."""
    plan = load_plan(plan_id)
    if plan is None:
        return
    revision = db.session.get(PlanRevision, revision_id)
    number = revision.number if revision is not None else plan.revision_count
    student = plan.owner.display_name
    if number > 1:
        text = f"{student} resubmitted “{plan.title}” (revision {number}) for review."
    else:
        text = f"{student} submitted “{plan.title}” for review."
    subject = f"{student} submitted a blueprint for review"
    message = plan_message(plan, Kind.SUBMITTED, text, subject, revision_id)
    notify(plan_advisors(plan), message, by_user_id)


@events.review_claimed.connect
def on_claimed(
    _sender,
    *,
    plan_id: int,
    by_user_id: int,
    taken_from_user_id: int | None = None,
    **_extra,
) -> None:
    """Tell the student who reviews their blueprint; on a takeover, also the advisor before."""
    plan = load_plan(plan_id)
    if plan is None:
        return
    people = members_of([by_user_id, taken_from_user_id])
    reviewer = _name(people.get(by_user_id))
    if taken_from_user_id is None:
        text = f"{reviewer} is reviewing your blueprint “{plan.title}”."
    else:
        text = f"{reviewer} took over the review of your blueprint “{plan.title}”."
    subject = f"{reviewer} is reviewing your blueprint"
    notify([plan.owner], plan_message(plan, Kind.CLAIMED, text, subject), by_user_id)
    previous = people.get(taken_from_user_id) if taken_from_user_id is not None else None
    if previous is not None:
        student = plan.owner.display_name
        text = f"{reviewer} took over your review of {student}’s blueprint “{plan.title}”."
        subject = f"{reviewer} took over a review you had claimed"
        notify([previous], plan_message(plan, Kind.CLAIMED, text, subject), by_user_id)


@events.review_published.connect
def on_published(_sender, *, plan_id: int, decision: str, by_user_id: int, **_extra) -> None:
    """Tell the student that feedback on their blueprint is there, with the decision."""
    plan = load_plan(plan_id)
    if plan is None:
        return
    reviewer = _name(members_of([by_user_id]).get(by_user_id))
    if decision == "approved":
        text = f"{reviewer} approved your blueprint “{plan.title}”."
        subject = "Your blueprint is approved"
    else:
        text = (
            f"{reviewer} requested changes to your blueprint “{plan.title}”. "
            "Open it to read what to change."
        )
        subject = "Changes requested on your blueprint"
    notify([plan.owner], plan_message(plan, Kind.PUBLISHED, text, subject), by_user_id)


@events.review_overdue.connect
def on_overdue(_sender, *, plan_id: int, **_extra) -> None:
    """Tell the cohort's advisors that a blueprint has waited past the first-response target."""
    plan = load_plan(plan_id)
    if plan is None:
        return
    student = plan.owner.display_name
    text = f"{student}’s blueprint “{plan.title}” has waited past the first-response target."
    subject = f"{student}’s blueprint is waiting past the target"
    notify(plan_advisors(plan), plan_message(plan, Kind.OVERDUE, text, subject), None)


@events.comment_replied.connect
def on_replied(
    _sender, *, plan_id: int, by_user_id: int, to_user_ids: Iterable[int], **_extra
) -> None:
    """Tell the others in a comment thread that someone replied."""
    plan = load_plan(plan_id)
    if plan is None:
        return
    people = members_of([by_user_id, *to_user_ids])
    replier = _name(people.get(by_user_id))
    recipients = [people[user_id] for user_id in to_user_ids if user_id in people]
    student = [m for m in recipients if m.id == plan.owner_id]
    staff = [m for m in recipients if m.id != plan.owner_id]
    subject = f"{replier} replied to a comment"
    if student:
        text = f"{replier} replied to a comment on your blueprint “{plan.title}”."
        notify(student, plan_message(plan, Kind.REPLIED, text, subject), by_user_id)
    if staff:
        owner = plan.owner.display_name
        text = f"{replier} replied to a comment on {owner}’s blueprint “{plan.title}”."
        notify(staff, plan_message(plan, Kind.REPLIED, text, subject), by_user_id)
