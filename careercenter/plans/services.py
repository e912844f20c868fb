"""Changes to blueprints: create, save the working copy, and move through the state machine."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from .. import audit, events
from ..actions import Refused, check_version
from ..cohorts.models import Cohort, CohortStatus, CohortStudent
from ..extensions import db
from ..tenancy.clock import as_utc
from ..tenancy.models import Institution, Membership, utcnow
from . import completeness, document, states
from .content import ContentError, LeaveBehindChoices, PlanDocument
from .hook import hook_script
from .models import Plan, PlanRevision, PlanState
from .states import Action

MAX_SUBMIT_PAGES = 2
# Saves (autosaves, the Save button, list operations) recount the leave-behind's pages at most
# this often per plan (a count renders the whole PDF); submission always counts afresh.
RECOUNT_INTERVAL = timedelta(seconds=20)


STALE = "Not saved: this blueprint was changed elsewhere since you opened it."
WITHDRAWN_MEANWHILE = (
    "This submission was withdrawn or taken into review at the same moment, so nothing more "
    "was done. The page shows where it stands now."
)


class SubmissionRefused(Refused):
    """The plan cannot be submitted as it stands (too long, or not in a submittable state)."""


class PlanLimitReached(Refused):
    """The student already has as many blueprints as one student may keep."""


def check_plan_limit(owner: Membership) -> None:
    """Raise PlanLimitReached if `owner` may not start another blueprint."""
    limit = current_app.config["MAX_BLUEPRINTS_PER_STUDENT"]
    count = db.session.scalar(
        select(func.count()).select_from(Plan).where(Plan.owner_id == owner.id)
    )
    if count >= limit:
        raise PlanLimitReached(
            f"You have {count} blueprints, the most one student can keep. To plan for another "
            "job, rework one you no longer need: its employer, role and every section can be "
            "changed in the editor."
        )


def student_cohorts(student: Membership) -> list[Cohort]:
    """Return the cohorts `student` is enrolled in, by name."""
    return list(
        db.session.execute(
            select(Cohort)
            .join(CohortStudent, CohortStudent.cohort_id == Cohort.id)
            .where(CohortStudent.membership_id == student.id)
            .order_by(Cohort.name)
        ).scalars()
    )


def latest_cohort_id(student: Membership) -> int | None:
    """Return the cohort a new blueprint links to by default: the active one joined last."""
    return db.session.scalar(
        select(CohortStudent.cohort_id)
        .join(Cohort, Cohort.id == CohortStudent.cohort_id)
        .where(CohortStudent.membership_id == student.id, Cohort.status == CohortStatus.ACTIVE)
        .order_by(CohortStudent.enrolled_at.desc(), CohortStudent.id.desc())
        .limit(1)
    )


def _check_cohort(student: Membership, cohort_id: int | None) -> None:
    if cohort_id and cohort_id not in {c.id for c in student_cohorts(student)}:
        raise ContentError("Choose one of your own cohorts.")


def _apply_header(plan: Plan, header: dict[str, Any]) -> None:
    for name, value in header.items():
        setattr(plan, name, value)


def create_plan(owner: Membership, header: dict[str, Any]) -> Plan:
    """Start a blueprint for `owner`: the header, an empty document and a drafted hook."""
    check_plan_limit(owner)
    _check_cohort(owner, header.get("cohort_id"))
    content = PlanDocument(leave_behind=LeaveBehindChoices(email=owner.user.email))
    content.hook.script = hook_script(header.get("employer", ""), "")
    plan = Plan(owner_id=owner.id, state=PlanState.DRAFT, content=content)
    _apply_header(plan, header)
    plan.owner = owner
    db.session.add(plan)
    db.session.flush()
    refresh_page_count(plan)
    audit.record("plan.created", plan, employer=plan.employer)
    return plan


def save_plan(
    plan: Plan,
    expected_version: int | None,
    header: dict[str, Any],
    content: PlanDocument,
    count_pages: bool = True,
    throttle: bool = False,
) -> Plan:
    """Replace the working copy, unless someone saved a newer one since `expected_version`.

    Nothing is written when nothing changed. The pages are recounted as `refresh_page_count`
    says (`throttle`), or not at all without `count_pages` (the caller counts afresh).
    """
    check_version(plan.version, expected_version, STALE)
    _check_cohort(plan.owner, header.get("cohort_id"))
    if content != plan.content or any(getattr(plan, k) != v for k, v in header.items()):
        _apply_header(plan, header)
        plan.content = content
        plan.updated_at = utcnow()
    if count_pages:
        refresh_page_count(plan, throttle=throttle)
    db.session.flush()
    return plan


def refresh_page_count(plan: Plan, throttle: bool = False) -> bool:
    """Recount the leave-behind's pages if its text changed since the last count.

    With `throttle`, a count made less than RECOUNT_INTERVAL ago is kept as it is. Return
    whether `plan.page_count` is now the count of the current text.
    """
    html = document.render_html(document.from_plan(plan), _institution(plan))
    digest = document.html_digest(html)
    if plan.page_count is not None and digest == plan.page_count_digest:
        return True
    now = utcnow()
    if throttle and plan.page_counted_at and now - as_utc(plan.page_counted_at) < RECOUNT_INTERVAL:
        plan.page_count_digest = None  # the count is of older text: see `page_count_pending`
        return False
    _count(plan, html, digest)
    return True


def _count(plan: Plan, html: str, digest: str) -> int:
    """Count the pages of `html`, the plan's leave-behind named by `digest`, and store them."""
    plan.page_count = pages = document.count_html_pages(html)
    plan.page_count_digest, plan.page_counted_at = digest, utcnow()
    return pages


def page_count_pending(plan: Plan) -> bool:
    """Return whether the stored count predates the latest text (an autosave postponed it)."""
    return plan.page_count is not None and plan.page_count_digest is None


def recount_due_in(plan: Plan) -> int:
    """Return the seconds until a throttled recount of `plan` may run."""
    if plan.page_counted_at is None:
        return 0
    left = RECOUNT_INTERVAL - (utcnow() - as_utc(plan.page_counted_at))
    return max(0, int(left.total_seconds()) + 1)


def _institution(plan: Plan) -> Institution:
    return plan.owner.institution


def latest_revision(plan: Plan) -> PlanRevision | None:
    """Return the plan's newest revision, if it was ever submitted."""
    return db.session.execute(
        select(PlanRevision)
        .where(PlanRevision.plan_id == plan.id)
        .order_by(PlanRevision.number.desc())
        .limit(1)
    ).scalar_one_or_none()


def submission_gaps(content: PlanDocument, pages: int | None) -> list[str]:
    """Return what the completeness panel lists as missing, and a second page if there is one."""
    gaps = [f.message for f in completeness.check(content) if f.level == "missing"]
    if pages and pages > 1:
        gaps.append(f"The leave-behind runs to {pages} pages; one is best.")
    return gaps


def submit_plan(plan: Plan, confirm_gaps: bool = True) -> PlanRevision:
    """Freeze the working copy as a new numbered revision and send it for review.

    Without `confirm_gaps`, a plan with gaps (`submission_gaps`) is refused with the list,
    so the student confirms they want to submit it anyway; the reviewer sees the same gaps.
    """
    if not states.can(plan.state, Action.SUBMIT):
        raise SubmissionRefused(states.REFUSALS[Action.SUBMIT])
    html = document.render_html(document.from_plan(plan), _institution(plan))
    pages = _count(plan, html, document.html_digest(html))  # submission always counts afresh
    if pages > MAX_SUBMIT_PAGES:
        raise SubmissionRefused(
            f"The leave-behind runs to {pages} pages; shorten it to two at most (one is best) "
            "before you submit."
        )
    gaps = submission_gaps(plan.content, pages)
    if gaps and not confirm_gaps:
        raise SubmissionRefused(
            "Your blueprint still has gaps: "
            + " ".join(gaps)
            + " To send it to your advisor as it is, tick “Submit anyway, with these gaps” "
            "and submit again."
        )
    plan.state = states.next_state(plan.state, Action.SUBMIT)
    plan.revision_count += 1
    revision = PlanRevision(
        plan_id=plan.id,
        number=plan.revision_count,
        header=document.header_snapshot(plan),
        content=copy.deepcopy(plan.content),
        page_count=pages,
    )
    db.session.add(revision)
    db.session.flush()
    audit.record("plan.submitted", plan, revision=revision.number)
    events.blueprint_submitted.send(
        None, plan_id=plan.id, revision_id=revision.id, by_user_id=plan.owner.user_id
    )
    return revision


def _move(plan: Plan, action: Action, **detail) -> PlanRevision:
    plan.state = states.next_state(plan.state, action)
    revision = latest_revision(plan)
    if revision is None:  # the state machine allows no move before a first submission
        raise states.TransitionRefused(states.REFUSALS[action])
    revision.state = states.REVISION_STATE_AFTER[action]
    if action in (Action.REQUEST_CHANGES, Action.APPROVE):
        revision.decided_at = utcnow()
    if action is Action.REQUEST_CHANGES:
        plan.changes_requested_at = revision.decided_at
    db.session.flush()
    audit.record(f"plan.{action.value}", plan, revision=revision.number, **detail)
    return revision


def withdraw_plan(plan: Plan) -> PlanRevision:
    """Take back a submission nobody has started reviewing; the plan is a draft again."""
    return _move(plan, Action.WITHDRAW)


def start_review(plan: Plan) -> PlanRevision:
    """Mark the latest submission as being reviewed (it can no longer be withdrawn)."""
    return _move(plan, Action.START_REVIEW)


def request_changes(plan: Plan, reviewer: Membership | None = None) -> PlanRevision:
    """Send the latest submission back to the student for changes."""
    return _move(plan, Action.REQUEST_CHANGES, reviewer=getattr(reviewer, "id", None))


def approve(plan: Plan, reviewer: Membership | None = None) -> PlanRevision:
    """Approve the latest submission."""
    return _move(plan, Action.APPROVE, reviewer=getattr(reviewer, "id", None))
