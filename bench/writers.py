"""Write throughput of one institution with 1 and with 8 concurrent writers.

Each writer is a thread with its own database session, in the main institution's tenant
scope, and its own students (no two writers touch the same rows): it marks one of their
checklist items done or undoes it through the checklist services (`checklists.progress`,
the code the tick endpoint runs, readiness invalidation included), then keeps the
transaction open for `hold_ms` before committing. The hold stands for the rest of a real
request after its first write — more statements (each a network round trip to a database
on another host), the page count of a blueprint save — and does not use the CPU, so on
2 cores the writers can only scale if nothing serialises them across their transactions
(such as a lock on the institution's row taken at the first write and held until commit).
"""

from __future__ import annotations

import multiprocessing
import time
from dataclasses import dataclass

from sqlalchemy import select

from careercenter import create_app
from careercenter.checklists import progress as work
from careercenter.checklists.models import Assignment, ChecklistItem
from careercenter.cohorts.models import CohortStudent
from careercenter.extensions import db
from careercenter.tenancy.models import Institution, Membership, Role
from careercenter.tenancy.scoping import tenant_scope

NOTE, LINK = "Done during the writers' bench.", "https://example.org/evidence"


@dataclass(frozen=True)
class WriterResult:
    writers: int
    commits: int
    failures: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.commits / self.seconds if self.seconds else 0.0


def _work_items(slug: str, limit: int) -> list[list[tuple[int, int, int]]]:
    """Return, per student (up to `limit`), their (membership, assignment, item) triples."""
    institution = db.session.execute(
        select(Institution).where(Institution.slug == slug)
    ).scalar_one()
    with tenant_scope(institution):
        rows = db.session.execute(
            select(Membership.id, Assignment.id, ChecklistItem.id)
            .join(CohortStudent, CohortStudent.membership_id == Membership.id)
            .join(Assignment, Assignment.cohort_id == CohortStudent.cohort_id)
            .join(ChecklistItem, ChecklistItem.version_id == Assignment.version_id)
            .where(Membership.role == Role.STUDENT, Membership.active.is_(True))
            .order_by(Membership.id, Assignment.id, ChecklistItem.id)
        ).all()
    by_student: dict[int, list[tuple[int, int, int]]] = {}
    for membership_id, assignment_id, item_id in rows:
        by_student.setdefault(membership_id, []).append((membership_id, assignment_id, item_id))
    return list(by_student.values())[:limit]


def _toggle(triple: tuple[int, int, int]) -> None:
    """Mark the item done, or undo it when it is done (verified items are left alone)."""
    membership_id, assignment_id, item_id = triple
    assignment = db.session.get(Assignment, assignment_id)
    item = db.session.get(ChecklistItem, item_id)
    membership = db.session.get(Membership, membership_id)
    found = work.find_progress(assignment, item, membership_id)
    loaded = str(found.version) if found is not None else None
    if found is not None and found.status is work.S.DONE:
        work.undo(assignment, item, membership, loaded)
    elif found is None or found.status is not work.S.VERIFIED:
        work.mark_done(assignment, item, membership, loaded, NOTE, LINK)


def _app(url: str):
    return create_app(
        {"ENV_NAME": "development", "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-write"}
    )


def measure_writers(
    url: str, slug: str, counts=(1, 8), seconds: float = 8, hold_ms: float = 20
) -> list[WriterResult]:
    """Run `count` writers for `seconds` for each count; return their commit rates.

    Each writer is a process of its own (forked), as gunicorn workers are: threads of one
    process would share its GIL and measure Python's lock instead of the database's.
    """
    app = _app(url)
    with app.app_context():
        students = _work_items(slug, 8 * max(counts))
        institution_id = db.session.execute(
            select(Institution.id).where(Institution.slug == slug)
        ).scalar_one()
        db.session.remove()
        db.engine.dispose()
    return [_run(url, institution_id, students, n, seconds, hold_ms / 1000) for n in counts]


def _writer(url, institution_id, mine, start, deadline, hold, results) -> None:
    """One writer process: toggle its students' items from `start` until `deadline`."""
    app = _app(url)
    commits = failures = turn = 0
    with app.app_context():
        with tenant_scope(db.session.get(Institution, institution_id)):
            time.sleep(max(0.0, start - time.time()))
            while time.time() < deadline:
                items = mine[turn % len(mine)]
                triple = items[(turn // len(mine)) % len(items)]
                turn += 1
                try:
                    _toggle(triple)
                    time.sleep(hold)
                    db.session.commit()
                    commits += 1
                except Exception:  # a refusal or a conflict: count it, go on
                    db.session.rollback()
                    failures += 1
        db.session.remove()
        db.engine.dispose()
    results.put((commits, failures))


def _run(url, institution_id, students, writers: int, seconds: float, hold: float):
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    start = time.time() + 2  # every process has built its app by then
    processes = [
        context.Process(
            target=_writer,
            args=(url, institution_id, students[n::writers], start, start + seconds, hold, results),
        )
        for n in range(writers)
    ]
    for process in processes:
        process.start()
    counts = [results.get(timeout=seconds + 60) for _ in processes]
    for process in processes:
        process.join(timeout=10)
    return WriterResult(writers, sum(c for c, _ in counts), sum(f for _, f in counts), seconds)
