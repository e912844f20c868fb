"""Volume for checklists: a 12-item checklist for every active cohort, a short overdue one for
the big cohort, and students' progress spread over every status.

The checklists themselves are built through `careercenter.checklists.services` (audited, as an
admin would); progress rows, thousands of them, are bulk-inserted with the values
`careercenter.checklists.progress` would have written (evidence the item asks for, reviewer and
review time on verified or returned rows, version counters that count the changes).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select

from careercenter.checklists import services
from careercenter.checklists.models import (
    ChecklistItem,
    ChecklistVersion,
    Evidence,
    ItemProgress,
    ProgressStatus,
)
from careercenter.cohorts.models import Cohort, CohortAdvisor, CohortStudent
from careercenter.extensions import db
from careercenter.practices.models import Practice
from careercenter.practices.sync import sync_library
from careercenter.tenancy.models import Membership

from .profiles import Profile, profile_of
from .volume import TenantVolume, volume_step

# (library practice, required, evidence, an advisor verifies it)
MAIN_CHECKLIST = (
    "Second-interview preparation",
    [
        ("research-expectations", True, Evidence.NOTE, False),
        ("research-principal-duties", True, Evidence.NONE, False),
        ("insider-hiring-manager", True, Evidence.NOTE, True),
        ("insider-successful-incumbent", False, Evidence.NOTE, False),
        ("tailor-resume-to-posting", True, Evidence.LINK, True),
        ("star-stories", True, Evidence.NOTE, False),
        ("mock-interview", True, Evidence.NOTE, True),
        ("blueprint-30-60-90-actions", True, Evidence.NONE, False),
        ("blueprint-advisor-review", True, Evidence.NONE, True),
        ("questions-to-ask", False, Evidence.NONE, False),
        ("set-the-hook-ask-sponsorship", True, Evidence.NONE, False),
        ("thank-you-within-24-hours", False, Evidence.NONE, False),
    ],
)
OVERDUE_CHECKLIST = (
    "Before the career fair",
    [
        ("online-profile", True, Evidence.LINK, False),
        ("references-ready", True, Evidence.NONE, False),
        ("attire-and-logistics", False, Evidence.NONE, False),
    ],
)
RETURN_NOTE = "Good start: make it specific to this employer and add one measurable result."
EVIDENCE_NOTE = "Did this on Tuesday; notes are in my research log."
EVIDENCE_LINK = "https://portfolio.example.org/resume-tailored.pdf"


def _published(title: str, specs) -> ChecklistVersion:
    """Build, fill and publish a checklist the way an admin does, through the services."""
    keys = [key for key, *_ in specs]
    practices = {
        p.key: p
        for p in db.session.execute(select(Practice).where(Practice.key.in_(keys))).scalars()
    }
    template = services.create_template(title)
    (draft,) = template.versions
    for key, required, evidence, verify in specs:
        db.session.flush()
        services.add_item(
            draft,
            str(draft.version),
            practice=practices[key],
            title="",
            details="",
            competency=None,
            required=required,
            evidence=evidence,
            needs_verification=verify,
        )
    db.session.flush()
    services.publish(draft, str(draft.version))
    db.session.flush()
    return draft


def _reviewers(cohort_ids: list[int]) -> dict[int, list[int]]:
    """Return, per cohort, the user ids of the advisors who follow it."""
    rows = db.session.execute(
        select(CohortAdvisor.cohort_id, Membership.user_id)
        .join(Membership, Membership.id == CohortAdvisor.membership_id)
        .where(CohortAdvisor.cohort_id.in_(cohort_ids))
        .order_by(CohortAdvisor.cohort_id, Membership.id)
    ).all()
    reviewers: dict[int, list[int]] = {}
    for cohort_id, user_id in rows:
        reviewers.setdefault(cohort_id, []).append(user_id)
    return reviewers


def _row(assignment_id, item, membership_id, status, done_at, reviewer, institution_id) -> dict:
    """Return one progress row as the progress services leave it after `status`."""
    reviewed = status in (ProgressStatus.VERIFIED, ProgressStatus.RETURNED)
    undone = status is ProgressStatus.TODO  # marked done, then taken back
    reviewed_at = done_at + timedelta(days=1, hours=3) if reviewed else None
    return {
        "institution_id": institution_id,
        "assignment_id": assignment_id,
        "item_id": item.id,
        "membership_id": membership_id,
        "status": status,
        "evidence_note": EVIDENCE_NOTE if item.evidence is Evidence.NOTE else "",
        "evidence_link": EVIDENCE_LINK if item.evidence is Evidence.LINK else "",
        "advisor_note": RETURN_NOTE if status is ProgressStatus.RETURNED else "",
        "done_at": None if undone else done_at,
        "reviewed_at": reviewed_at,
        "reviewed_by_id": reviewer if reviewed else None,
        "updated_at": reviewed_at or done_at + timedelta(hours=2 if undone else 0),
        "version": 2 if reviewed or undone else 1,
    }


def _statuses(
    items: list[ChecklistItem], profile: Profile, main: bool
) -> list[tuple[int, ProgressStatus]]:
    """Return (item index, status) for the items a student of `profile` has acted on."""
    if main:
        touched = profile.items_done(len(items))
    else:  # the short checklist: its required items first, or at most one of them
        touched = len(items) - (profile.share < 0.5) if profile.fair_done else profile.share > 0.3
    result = []
    for index in range(int(touched)):
        item = items[index]
        if main and profile.returns_item(index):
            status = ProgressStatus.RETURNED
        elif item.needs_verification and profile.verified(index):
            status = ProgressStatus.VERIFIED
        elif main and profile.undid(index):
            status = ProgressStatus.TODO
        else:
            status = ProgressStatus.DONE
        result.append((index, status))
    return result


def _progress_rows(tenant, assignment_id, items, enrolled, reviewers, now, main) -> list[dict]:
    rows = []
    for membership_id in enrolled:
        profile = profile_of(membership_id)
        reviewer = reviewers[membership_id % len(reviewers)] if reviewers else None
        for index, status in _statuses(items, profile, main):
            done_at = now - timedelta(days=profile.days_ago(index), minutes=membership_id % 600)
            rows.append(
                _row(
                    assignment_id,
                    items[index],
                    membership_id,
                    status,
                    done_at,
                    reviewer,
                    tenant.institution.id,
                )
            )
    return rows


def _enrolled(cohort_ids: list[int]) -> dict[int, list[int]]:
    enrolled: dict[int, list[int]] = {}
    for cohort_id, membership_id in db.session.execute(
        select(CohortStudent.cohort_id, CohortStudent.membership_id)
        .where(CohortStudent.cohort_id.in_(cohort_ids))
        .order_by(CohortStudent.membership_id)
    ):
        enrolled.setdefault(cohort_id, []).append(membership_id)
    return enrolled


@volume_step
def checklists_and_progress(tenant: TenantVolume) -> None:
    """Assign checklists to the volume cohorts and bulk-insert students' progress on them."""
    sync_library()  # the library practices the items come from (idempotent)
    today = datetime.now(UTC).date()
    main = _published(*MAIN_CHECKLIST)
    overdue = _published(*OVERDUE_CHECKLIST)
    cohorts = db.session.execute(select(Cohort).where(Cohort.id.in_(tenant.cohorts))).scalars()
    active = sorted((c for c in cohorts if c.is_active), key=lambda c: tenant.cohorts.index(c.id))
    plan: list[tuple[Cohort, ChecklistVersion, date]] = [
        (c, main, today + timedelta(days=21 + 7 * (n % 4))) for n, c in enumerate(active)
    ]
    big = active[0]
    plan.append((big, overdue, today - timedelta(days=4)))
    reviewers = _reviewers([c.id for c in active])
    enrolled = _enrolled([c.id for c in active])
    now = datetime.now(UTC)
    rows = []
    for cohort, version, due_on in plan:
        assignment = services.assign(version, cohort, due_on)
        items = list(version.items)
        students = enrolled.get(cohort.id, [])
        rows += _progress_rows(
            tenant, assignment.id, items, students, reviewers[cohort.id], now, version is main
        )
        tenant.ids.setdefault("assignment_id", assignment.id)
    if rows:
        db.session.execute(insert(ItemProgress), rows)
    db.session.flush()
    tenant.ids["checklist_version_id"] = main.id
