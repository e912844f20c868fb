"""Demo data: two published checklists assigned to the demo cohorts, with progress at every level.

Interview-ready needs an approved blueprint: it appears once the plans capability registers
its blueprint-stage source and seeds approved blueprints.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ..demo import DemoInstitution, seed_step
from ..extensions import db
from ..practices.models import Practice
from ..practices.sync import sync_library
from ..tenancy.clock import local_today
from ..tenancy.models import Membership, utcnow
from .models import (
    Assignment,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistVersion,
    Evidence,
    ItemProgress,
    ProgressStatus,
    VersionStatus,
)

SECOND_INTERVIEW = (
    "Second-interview readiness",
    [
        ("tailor-resume-to-posting", True, Evidence.LINK, True),
        ("mock-interview", True, Evidence.NOTE, True),
        ("research-expectations", True, Evidence.NOTE, False),
        ("insider-hiring-manager", True, Evidence.NOTE, False),
        ("set-the-hook-ask-sponsorship", True, Evidence.NONE, False),
        ("blueprint-30-60-90-actions", True, Evidence.NONE, False),
        ("thank-you-within-24-hours", False, Evidence.NONE, False),
    ],
)
ESSENTIALS = (
    "Job-search essentials",
    [
        ("tailor-resume-to-posting", True, Evidence.LINK, False),
        ("online-profile", True, Evidence.LINK, False),
        ("star-stories", True, Evidence.NOTE, False),
        ("questions-to-ask", False, Evidence.NONE, False),
    ],
)
# How far each student of a cohort has gone, cycling: items done (of the required ones).
PATTERNS = ["some", "none", "all", "returned", "awaiting", "some", "none", "all"]


def _checklist(title: str, specs) -> ChecklistVersion:
    keys = [key for key, *_ in specs]
    practices = {
        p.key: p
        for p in db.session.execute(select(Practice).where(Practice.key.in_(keys))).scalars()
    }
    template = ChecklistTemplate(title=title)
    db.session.add(template)
    db.session.flush()
    version = ChecklistVersion(
        template_id=template.id,
        number=1,
        title=title,
        description="Assigned by your career center.",
        status=VersionStatus.PUBLISHED,
        published_at=utcnow(),
    )
    db.session.add(version)
    db.session.flush()
    for position, (key, required, evidence, verify) in enumerate(specs, start=1):
        practice = practices[key]
        db.session.add(
            ChecklistItem(
                version_id=version.id,
                position=position,
                practice_id=practice.id,
                title=practice.title,
                competency=practice.competency,
                required=required,
                evidence=evidence,
                needs_verification=verify,
            )
        )
    db.session.flush()
    return version


def _progress(assignment, items, student, pattern, reviewer) -> None:
    required = [i for i in items if i.required]
    if pattern == "none":
        return
    chosen = required if pattern in ("all", "awaiting") else required[: len(required) // 2 or 1]
    now = utcnow()
    for index, item in enumerate(chosen):
        status = ProgressStatus.VERIFIED if item.needs_verification else ProgressStatus.DONE
        note = ""
        if pattern == "awaiting" and item.needs_verification:
            status = ProgressStatus.DONE
        if pattern == "returned" and index == 0:
            status, note = (
                ProgressStatus.RETURNED,
                "Good start: tailor the summary to this posting.",
            )
        db.session.add(
            ItemProgress(
                assignment_id=assignment.id,
                item_id=item.id,
                membership_id=student.id,
                status=status,
                evidence_note="Done during the workshop." if item.evidence is Evidence.NOTE else "",
                evidence_link="https://example.org/portfolio"
                if item.evidence is Evidence.LINK
                else "",
                advisor_note=note,
                done_at=now - timedelta(days=3),
                reviewed_at=now - timedelta(days=1) if status != ProgressStatus.DONE else None,
                reviewed_by_id=reviewer.user_id if status != ProgressStatus.DONE else None,
            )
        )


@seed_step(order=30)
def seed_checklists(demo: DemoInstitution) -> None:
    """Publish two checklists, assign them, and record progress at every level."""
    exists = db.session.execute(
        select(ChecklistTemplate.id).where(ChecklistTemplate.title == SECOND_INTERVIEW[0])
    ).first()
    if exists:
        return
    sync_library()
    fall, spring = demo.cohorts[:2]
    today = local_today(demo.institution)
    plan = [
        (fall, SECOND_INTERVIEW, today + timedelta(days=21)),
        (spring, ESSENTIALS, today - timedelta(days=3)),
    ]
    enrolled: dict[int, list[Membership]] = {}
    for index, student in enumerate(demo.students):
        enrolled.setdefault(fall.id if index % 3 != 2 else spring.id, []).append(student)
    for cohort, (title, specs), due_on in plan:
        version = _checklist(title, specs)
        assignment = Assignment(cohort_id=cohort.id, version_id=version.id, due_on=due_on)
        db.session.add(assignment)
        db.session.flush()
        items = list(version.items)
        for position, student in enumerate(enrolled.get(cohort.id, [])):
            _progress(assignment, items, student, PATTERNS[position % len(PATTERNS)], demo.advisor)
    db.session.flush()
