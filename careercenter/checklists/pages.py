"""What the students' and advisors' checklist pages show, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from ..audit import AuditEvent, record_views
from ..auth.models import User
from ..cohorts.models import Cohort, CohortAdvisor, CohortStudent
from ..extensions import db
from ..tenancy.clock import local_today
from ..tenancy.models import Membership
from .models import Assignment, ChecklistItem, ChecklistVersion, ItemProgress, ProgressStatus
from .progress import student_items
from .rules import is_complete, is_open, is_overdue

DUE_SOON = timedelta(days=7)


@dataclass
class ItemView:
    item: ChecklistItem
    progress: ItemProgress | None
    status: ProgressStatus
    complete: bool
    overdue: bool
    due_today: bool = False  # still open on the day it is due (the campus day)


@dataclass
class AssignmentView:
    assignment: Assignment
    version: ChecklistVersion
    cohort: Cohort
    today: date  # the institution's local date the items were judged on
    items: list[ItemView] = field(default_factory=list)

    @property
    def required(self) -> int:
        return sum(1 for v in self.items if v.item.required)

    @property
    def required_complete(self) -> int:
        return sum(1 for v in self.items if v.item.required and v.complete)

    @property
    def overdue(self) -> int:
        return sum(1 for v in self.items if v.overdue)

    @property
    def days_left(self) -> int:
        """Return the days from today to the due date (0 when due today, negative when past)."""
        return (self.assignment.due_on - self.today).days

    @property
    def due_today(self) -> bool:
        return self.days_left == 0 and self.open_items > 0

    @property
    def due_soon(self) -> bool:
        return 0 <= self.days_left <= DUE_SOON.days and self.open_items > 0

    @property
    def open_items(self) -> int:
        return sum(1 for v in self.items if is_open(v.status))


def group_items(rows, today: date) -> list[AssignmentView]:
    """Group (assignment, version, cohort, item, progress) rows by assignment, judging each item
    on `today`, the institution's local date."""
    groups: dict[int, AssignmentView] = {}
    for assignment, version, cohort, item, progress in rows:
        view = groups.setdefault(assignment.id, AssignmentView(assignment, version, cohort, today))
        status = progress.status if progress is not None else ProgressStatus.TODO
        view.items.append(
            ItemView(
                item,
                progress,
                status,
                is_complete(status.value, item.needs_verification),
                is_overdue(status.value, item.required, assignment.due_on, today),
                is_open(status) and assignment.due_on == today,
            )
        )
    return list(groups.values())


def student_checklists(membership: Membership) -> list[AssignmentView]:
    """Return the student's assignments with every item's state (one query)."""
    return group_items(student_items(membership.id), local_today(membership.institution))


def advisor_queue(membership: Membership):
    """Return (progress, item, cohort, student) awaiting verification in the advisor's cohorts."""
    return db.session.execute(
        select(ItemProgress, ChecklistItem, Cohort, User)
        .join(Assignment, Assignment.id == ItemProgress.assignment_id)
        # Only items of the version the assignment points at now (not one it replaced).
        .join(
            ChecklistItem,
            (ChecklistItem.id == ItemProgress.item_id)
            & (ChecklistItem.version_id == Assignment.version_id),
        )
        .join(Cohort, Cohort.id == Assignment.cohort_id)
        .join(CohortAdvisor, CohortAdvisor.cohort_id == Cohort.id)
        .join(
            CohortStudent,
            (CohortStudent.cohort_id == Cohort.id)
            & (CohortStudent.membership_id == ItemProgress.membership_id),
        )
        .join(Membership, Membership.id == ItemProgress.membership_id)
        .join(User, User.id == Membership.user_id)
        .where(
            CohortAdvisor.membership_id == membership.id,
            ItemProgress.status == ProgressStatus.DONE,
            ChecklistItem.needs_verification.is_(True),
        )
        .order_by(ItemProgress.done_at)
        .limit(200)
    ).all()


def record_queue_view(rows) -> list[AuditEvent]:
    """Audit the queue as a view of each listed cohort's students' work (once a day each)."""
    students: dict[Cohort, set[int]] = {}
    for progress, _item, cohort, _user in rows:
        students.setdefault(cohort, set()).add(progress.membership_id)
    return record_views(
        "checklist.queue_viewed",
        {cohort: {"students": len(ids)} for cohort, ids in students.items()},
    )


def work_forms() -> dict:
    """Return the per-item form builders of the student and review pages (unique field ids)."""
    from .forms import DoneForm, ReviewForm, VersionForm

    def stamp(progress):
        return "" if progress is None else str(progress.version)

    return {
        "done_form": lambda a, i, p: DoneForm(prefix=f"i{a.id}-{i.id}", version=stamp(p)),
        "undo_form": lambda a, i, p: VersionForm(prefix=f"u{a.id}-{i.id}", version=stamp(p)),
        "review_form": lambda p: ReviewForm(prefix=f"r{p.id}", version=stamp(p)),
    }
