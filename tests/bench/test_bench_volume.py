"""The checklist and blueprint volume: a spread like a real cohort's, and rows that agree with
what the checklist and plan services would have written."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from bench.profiles import BLUEPRINTS, KINDS, profile_of
from careercenter.auth.models import User
from careercenter.checklists.models import (
    Assignment,
    ChecklistItem,
    Evidence,
    ItemProgress,
    ProgressStatus,
)
from careercenter.extensions import db
from careercenter.plans.models import Plan, PlanRevision, PlanState, RevisionState
from careercenter.tenancy.models import Membership
from careercenter.tenancy.scoping import tenant_scope

S = ProgressStatus
LATEST = {
    PlanState.SUBMITTED: RevisionState.SUBMITTED,
    PlanState.IN_REVIEW: RevisionState.IN_REVIEW,
    PlanState.CHANGES_REQUESTED: RevisionState.CHANGES_REQUESTED,
    PlanState.APPROVED: RevisionState.APPROVED,
    PlanState.DRAFT: RevisionState.WITHDRAWN,
}


def test_profiles_of_a_big_cohort_cover_every_kind_and_blueprint_state():
    profiles = [profile_of(m) for m in range(1, 501)]
    kinds = Counter(p.kind for p in profiles)
    assert set(kinds) == {kind for kind, *_ in KINDS}
    assert all(count >= 25 for count in kinds.values())
    states = {p.blueprint for p in profiles}
    assert states == {s for choices in BLUEPRINTS.values() for s, _ in choices}
    assert any(p.returned_at is not None for p in profiles)
    assert any(p.undone_at is not None for p in profiles)
    assert any(p.stale_changes for p in profiles) and any(p.second_blueprint for p in profiles)
    assert any(not p.fair_done for p in profiles if p.kind != "not started")  # some overdue
    assert profile_of(42) == profile_of(42)


def test_big_cohort_gets_a_12_item_checklist_and_an_overdue_one(seeded):
    main = seeded.main
    with tenant_scope(main.institution):
        assignments = db.session.execute(
            select(Assignment).where(Assignment.cohort_id == main.ids["cohort_id"])
        ).scalars()
        by_size = {}
        for assignment in assignments:
            items = assignment.checklist_version.items
            assert assignment.checklist_version.is_published
            by_size[len(items)] = (assignment, items)
    (big, items), (short, _) = by_size[12], by_size[3]
    assert short.due_on < big.due_on
    assert {i.required for i in items} == {True, False}
    assert {i.needs_verification for i in items} == {True, False}
    assert {i.evidence for i in items} == set(Evidence)
    assert all(i.practice_id and i.competency for i in items)


def test_progress_rows_are_what_the_progress_services_leave(seeded):
    with tenant_scope(seeded.main.institution):
        rows = db.session.execute(select(ItemProgress, ChecklistItem).join(ItemProgress.item)).all()
    assert {p.status for p, _ in rows} >= {S.DONE, S.VERIFIED}
    for progress, item in rows:
        reviewed = progress.status in (S.VERIFIED, S.RETURNED)
        assert (progress.reviewed_by_id is not None) == reviewed
        assert (progress.reviewed_at is not None) == reviewed
        assert (progress.done_at is None) == (progress.status is S.TODO)
        assert bool(progress.advisor_note) == (progress.status is S.RETURNED)
        assert bool(progress.evidence_note) == (item.evidence is Evidence.NOTE)
        assert bool(progress.evidence_link) == (item.evidence is Evidence.LINK)
        if progress.status is S.VERIFIED:
            assert item.needs_verification
        if reviewed:
            assert progress.reviewed_at > progress.done_at


def test_blueprints_have_the_revisions_their_state_implies(seeded):
    main = seeded.main
    with tenant_scope(main.institution):
        plans = db.session.execute(
            select(Plan, User.name)
            .join(Membership, Membership.id == Plan.owner_id)
            .join(User, User.id == Membership.user_id)
            .where(Plan.owner_id.in_(main.students[1:]))
        ).all()
        revisions = {}
        for revision in db.session.execute(select(PlanRevision)).scalars():
            revisions.setdefault(revision.plan_id, []).append(revision)
    assert len({plan.state for plan, _ in plans}) >= 3
    for plan, name in plans:
        history = sorted(revisions.get(plan.id, []), key=lambda r: r.number)
        assert [r.number for r in history] == list(range(1, plan.revision_count + 1))
        if history:
            assert history[-1].state is LATEST[plan.state]
            assert all(r.header.student_name == name for r in history)
        else:
            assert plan.state is PlanState.DRAFT
        requested = [r.decided_at for r in history if r.state is RevisionState.CHANGES_REQUESTED]
        assert plan.changes_requested_at == (requested[-1] if requested else None)
        assert plan.page_count == 1 and plan.content.hook.script
