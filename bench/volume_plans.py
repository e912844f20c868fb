"""Volume for blueprints: most volume students have one, in every state, with revision histories.

Creating a blueprint through `careercenter.plans.services` renders its PDF to count pages (on
every save and submission), far too slow for a thousand plans. The documents are therefore the
demo samples, normalised and with their hook drafted as `create_plan` does, each rendered once
for its page count; plans and revisions are bulk-inserted with the states, counters and times
the state machine (`careercenter.plans.states`) would have left.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from careercenter.auth.models import User
from careercenter.cohorts.models import CohortStudent
from careercenter.extensions import db
from careercenter.plans import document
from careercenter.plans.content import (
    MAX_BULLET,
    MAX_BULLETS,
    MAX_ITEMS,
    MAX_SHORT,
    MAX_TEXT,
    PHASES,
    Goal,
    Hook,
    Obstacle,
    PlanDocument,
    Research,
)
from careercenter.plans.demo_content import COOP_SOFTWARE, HEALTH_ANALYST, MARKETING
from careercenter.plans.hook import hook_script
from careercenter.plans.models import Plan, PlanRevision, PlanState, RevisionHeader, RevisionState
from careercenter.tenancy.models import Membership

from .profiles import Profile, profile_of
from .volume import TenantVolume, insert_returning_ids, volume_step

R = RevisionState
# The revisions each final state leaves, oldest first (alternatives chosen by membership id).
HISTORIES: dict[PlanState, list[list[RevisionState]]] = {
    PlanState.DRAFT: [[], [], [R.WITHDRAWN]],
    PlanState.SUBMITTED: [[R.SUBMITTED], [R.CHANGES_REQUESTED, R.SUBMITTED]],
    PlanState.IN_REVIEW: [[R.IN_REVIEW], [R.CHANGES_REQUESTED, R.IN_REVIEW]],
    PlanState.CHANGES_REQUESTED: [[R.CHANGES_REQUESTED]],
    PlanState.APPROVED: [[R.APPROVED], [R.CHANGES_REQUESTED, R.APPROVED]],
}
# Actions (each bumps the plan's version counter) that lead to each revision's state.
ACTIONS = {R.SUBMITTED: 1, R.IN_REVIEW: 2, R.CHANGES_REQUESTED: 2, R.APPROVED: 2, R.WITHDRAWN: 2}
DAY = timedelta(days=1)


def _document(sample: dict) -> tuple[dict, PlanDocument]:
    """Return (header, content) of a sample as `create_plan` + `save_plan` leave them."""
    content = PlanDocument.from_json(sample["content"])
    content.hook.script = hook_script(sample["header"]["employer"], content.hook.functions)
    return dict(sample["header"]), content


def _page_counts(tenant: TenantVolume, samples: list[tuple[dict, PlanDocument]]) -> list[int]:
    """Render each sample's leave-behind once and return its page count."""
    counts = []
    for header, content in samples:
        doc = document.LeaveBehind(
            student_name="Ana Sofía Fernández",
            student_email=f"volume-student-0@{tenant.slug}.example",
            employer=header["employer"],
            role_title=header["role_title"],
            posting_url=header["posting_url"],
            first_interview_on="",
            second_interview_on="",
            content=content,
            source="Current draft",
        )
        counts.append(document.page_count(doc, tenant.institution))
    return counts


def _people(student_ids: list[int]) -> dict[int, tuple[str, str]]:
    rows = db.session.execute(
        select(Membership.id, User.name, User.email)
        .join(User, User.id == Membership.user_id)
        .where(Membership.id.in_(student_ids))
    )
    return {m: (name, email) for m, name, email in rows}


def _cohorts(student_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(CohortStudent.membership_id, CohortStudent.cohort_id).where(
            CohortStudent.membership_id.in_(student_ids)
        )
    )
    return dict(rows.all())


def _timeline(history, created, state, profile, now):
    """Return (state, submitted_at, decided_at) per revision, oldest first."""
    times = []
    for number, revision_state in enumerate(history, start=1):
        submitted = created + (2 * number) * DAY
        decided = submitted + DAY if revision_state in (R.CHANGES_REQUESTED, R.APPROVED) else None
        times.append((revision_state, submitted, decided))
    if state is PlanState.CHANGES_REQUESTED:  # decided recently, or over a week ago (stale)
        decided = now - (10 if profile.stale_changes else 2) * DAY
        times[-1] = (R.CHANGES_REQUESTED, decided - DAY, decided)
    return times


def _plan_row(tenant, membership_id, cohort_id, state, sample, pages, profile, now):
    """Return (plan row, revision timeline): times and counters as the services leave them."""
    header, content = sample
    histories = HISTORIES[state]
    history = histories[membership_id % len(histories)]
    created = now - profile.started_days_ago * DAY
    timeline = _timeline(history, created, state, profile, now)
    requested = [decided for s, _, decided in timeline if s is R.CHANGES_REQUESTED]
    today = now.date()
    interviewing = state is not PlanState.DRAFT
    row = {
        "institution_id": tenant.institution.id,
        "owner_id": membership_id,
        "cohort_id": cohort_id,
        **header,
        "first_interview_on": today - timedelta(days=12) if interviewing else None,
        "second_interview_on": (
            today + timedelta(days=9 + membership_id % 14) if interviewing else None
        ),
        "state": state,
        "content": content,
        "page_count": pages,
        "revision_count": len(history),
        "created_at": created,
        # Last saved just before its latest submission (a draft: the day after it was started).
        "updated_at": timeline[-1][1] - timedelta(hours=1) if timeline else created + DAY,
        "changes_requested_at": requested[-1] if requested else None,
        "version": 2 + sum(ACTIONS[r] for r in history),
    }
    return row, timeline


def _revision_rows(plan_id, plan, timeline, person, pages, institution_id) -> list[dict]:
    name, email = person
    snapshot = RevisionHeader(
        student_name=name,
        student_email=email,
        employer=plan["employer"],
        role_title=plan["role_title"],
        posting_url=plan["posting_url"],
        first_interview_on=_iso(plan["first_interview_on"]),
        second_interview_on=_iso(plan["second_interview_on"]),
    )
    return [
        {
            "institution_id": institution_id,
            "plan_id": plan_id,
            "number": number,
            "state": state,
            "header": snapshot,
            "content": plan["content"],
            "page_count": pages,
            "submitted_at": submitted,
            "decided_at": decided,
            "version": 1 if state is R.SUBMITTED else 2,
        }
        for number, (state, submitted, decided) in enumerate(timeline, start=1)
    ]


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


@volume_step
def blueprints(tenant: TenantVolume) -> None:
    """Bulk-insert blueprints (and their revisions) for the volume students, by profile."""
    samples = [_document(s) for s in (HEALTH_ANALYST, COOP_SOFTWARE, MARKETING)]
    pages = _page_counts(tenant, samples)
    students = tenant.students[1:]  # the demo student has demo blueprints already
    people, cohorts = _people(students), _cohorts(students)
    now = datetime.now(UTC)
    plans, timelines = [], []
    for membership_id in students:
        profile: Profile = profile_of(membership_id)
        wanted = [profile.blueprint] if profile.blueprint else []
        wanted += [PlanState.DRAFT] if profile.second_blueprint else []
        for n, state in enumerate(wanted):
            # Drafts are often the short, unfinished sample; submitted plans are complete.
            short = state is PlanState.DRAFT and (n or membership_id % 2)
            index = 2 if short else membership_id % 2
            row, timeline = _plan_row(
                tenant, membership_id, cohorts.get(membership_id), state,
                samples[index], pages[index], profile, now,
            )  # fmt: skip
            plans.append((row, index))
            timelines.append(timeline)
    plan_ids = insert_returning_ids(Plan, [row for row, _ in plans])
    revisions = []
    for plan_id, (row, index), timeline in zip(plan_ids, plans, timelines, strict=True):
        revisions += _revision_rows(
            plan_id, row, timeline, people[row["owner_id"]], pages[index], tenant.institution.id
        )
    insert_returning_ids(PlanRevision, revisions)
    owned = db.session.execute(
        select(Plan.id, Plan.page_count)
        .where(Plan.owner_id == tenant.demo.student.id)
        .order_by(Plan.id)
    ).all()
    one_page = [plan_id for plan_id, count in owned if count == 1]
    if one_page or owned:
        tenant.ids["plan_id"] = (one_page or [owned[0][0]])[0]


def worst_case_content(word: str = "R&D", separator: str = "\u00a0") -> PlanDocument:
    """Return the largest document the caps allow, every field full of `word`s joined by
    no-break spaces: before the fix xhtml2pdf made each no-break space and each `&amp;` a
    layout fragment of its own, and took seconds. Made directly rather than read by
    `PlanDocument.from_json`, so that it is stored raw, as older saves could store it."""

    def text(limit: int) -> str:
        return separator.join([word] * limit)[:limit]

    def goal() -> Goal:
        phase = [text(MAX_BULLET) for _ in range(MAX_BULLETS)]
        return Goal(
            title=text(MAX_SHORT),
            **{name: list(phase) for name in PHASES},
            draws_on=text(MAX_TEXT),
            measure=text(MAX_SHORT),
        )

    return PlanDocument(
        research=Research(text(MAX_TEXT), text(MAX_TEXT), text(MAX_TEXT), text(MAX_TEXT)),
        knowledge_plan=text(MAX_TEXT),
        goals=[goal() for _ in range(MAX_ITEMS["goals"])],
        obstacles=[
            Obstacle(text(2 * MAX_SHORT), text(MAX_TEXT)) for _ in range(MAX_ITEMS["obstacles"])
        ],
        impact=text(MAX_TEXT),
        hook=Hook(text(MAX_SHORT), text(MAX_TEXT)),
    )


@volume_step
def worst_case_blueprint(tenant: TenantVolume) -> None:
    """Give the demo student of the main institution a capped draft of worst-case text."""
    if not tenant.is_main:
        return
    content = worst_case_content()
    header = {"employer": "R&D\u00a0" * 40, "role_title": "R&D\u00a0" * 40, "posting_url": ""}
    header = {key: value[:200].strip() for key, value in header.items()}
    user = db.session.get(User, tenant.demo.student.user_id)
    # Counted as the app counts it: from the document as reading the row returns it.
    read = PlanDocument.from_json(content.to_json(), caps=False)
    doc = document.LeaveBehind(
        user.name, user.email, header["employer"], header["role_title"], "", "", "", read,
        "Current draft",
    )  # fmt: skip
    now = datetime.now(UTC)
    row = {
        "institution_id": tenant.institution.id,
        "owner_id": tenant.demo.student.id,
        "cohort_id": None,
        **header,
        "state": PlanState.DRAFT,
        "content": content,
        "page_count": document.page_count(doc, tenant.institution),
        "revision_count": 0,
        "created_at": now - DAY,
        "updated_at": now - DAY,
        "version": 2,
    }
    tenant.ids["worst_plan_id"] = insert_returning_ids(Plan, [row])[0]
