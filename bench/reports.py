"""Reports at volume, in the bench process: CSV time and memory, the PDF against its floor,
and the reports page's queries, for an institution of its own in the bench database.

- CSV: the per-student export (`reports.exports.student_rows` through `csvio.write_rows`)
  for 1,000 and 10,000 students, read to the end: time (target: 10,000 in under a second)
  and peak traced memory (tracemalloc; target: flat, the larger no more than twice the
  smaller, whatever the count).
- PDF: the 1,000-student report (`reports.exports.report_pdf`) against its floor, xhtml2pdf
  rendering a plain table of the same rows alone (target: within 1.3×).
- Page: `/<slug>/reports` over the small and the large cohort, through the app: the same
  number of SQL statements for both, its time computed (report cache emptied before each
  view) and warm (the report kept: `reports/cache.py`).
- Throughput: the warm page over the large cohort and `/ping`, in rounds of requests
  alternating in this process (A, B, A, B…: a busy machine slows both alike); what the page
  costs beyond `/ping` gives the throughput of the gunicorn workers at that cost,
  `workers ÷ (workers ÷ baseline + ms)`, over the run's `/ping` baseline (as the term-time
  mix does). Target, as issue 10 sets it: at least a tenth of the baseline's throughput.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

from flask import Flask
from sqlalchemy import event, insert, select

from careercenter import create_app
from careercenter.auth.models import User
from careercenter.checklists.models import (
    Assignment,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistVersion,
    ItemProgress,
    ProgressStatus,
    VersionStatus,
)
from careercenter.cohorts.models import Cohort, CohortStudent
from careercenter.csvio import write_rows
from careercenter.extensions import db
from careercenter.pdf import render_pdf
from careercenter.reports import cache as report_cache
from careercenter.reports.exports import report_pdf, student_header, student_rows
from careercenter.reports.scope import ReportFilters, report_scope
from careercenter.tenancy import clock
from careercenter.tenancy.models import Institution, Membership, Role
from careercenter.tenancy.scoping import tenant_scope

SIZES = (1_000, 10_000)
PDF_STUDENTS = 1_000
CSV_TARGET_S = 1.0
MEMORY_RATIO = 2.0
PDF_RATIO = 1.3
MIN_PAGE_RATIO = 0.1  # the warm page's throughput over the baseline's (issue 10)
SLUG = "reports-bench"
PASSWORD = "reports-bench-password"  # noqa: S105 - a throwaway bench account


@dataclass
class ReportsBench:
    csv: dict[int, tuple[float, int]] = field(default_factory=dict)  # students: (s, peak B)
    pdf_ms: float = 0.0
    floor_ms: float = 0.0
    pdf_students: int = 0
    page: dict[int, tuple[int, float]] = field(default_factory=dict)  # students: (queries, ms)
    warm: dict[int, tuple[int, float]] = field(default_factory=dict)  # the same, report kept
    # the warm page's ms and /ping's ms in process, interleaved, over the large cohort
    interleaved: tuple[float, float] | None = None
    baseline_rps: float | None = None  # the run's /ping under load (`judge_throughput`)
    workers: int = 2
    problems: list[str] = field(default_factory=list)

    def page_ratio(self) -> float | None:
        """Return the warm page's throughput on the workers over the baseline's, if known."""
        if self.interleaved is None or not self.baseline_rps:
            return None
        page_ms, ping_ms = self.interleaved
        # What the page costs a worker beyond `/ping`, whose own cost the baseline holds.
        per_request = self.workers / self.baseline_rps + max(0.0, page_ms - ping_ms) / 1000
        return (self.workers / per_request) / self.baseline_rps

    def judge_throughput(self, baseline_rps: float, workers: int) -> None:
        """Judge the warm page against the run's baseline (`/ping` under load)."""
        self.baseline_rps, self.workers = baseline_rps, workers
        ratio = self.page_ratio()
        if ratio is not None and ratio < MIN_PAGE_RATIO:
            self.problems.append(f"reports page: {ratio:.2f} < {MIN_PAGE_RATIO} × baseline")

    def judge(self) -> None:
        small, large = min(self.csv), max(self.csv)
        if self.csv[large][0] > CSV_TARGET_S and large >= 10_000:
            self.problems.append(f"CSV of {large:,} students took {self.csv[large][0]:.2f} s")
        if self.csv[large][1] > MEMORY_RATIO * self.csv[small][1]:
            self.problems.append(
                f"CSV memory grew from {self.csv[small][1]:,} B to {self.csv[large][1]:,} B"
            )
        if self.floor_ms and self.pdf_ms > PDF_RATIO * self.floor_ms:
            self.problems.append(
                f"PDF {self.pdf_ms:.0f} ms > {PDF_RATIO} × floor {self.floor_ms:.0f} ms"
            )
        for name, pages in (("", self.page), ("warm ", self.warm)):
            if len({q for q, _ in pages.values()}) > 1:
                self.problems.append(f"{name}reports page queries vary with size: {pages}")

    def render(self) -> str:
        lines = ["## Reports (in-process)", "", "| measure | students | figure |", "|---|---|---|"]
        for n, (seconds, peak) in sorted(self.csv.items()):
            lines.append(f"| CSV, read to the end | {n:,} | {seconds * 1000:.0f} ms, peak "
                         f"{peak / 1024:.0f} KiB traced |")  # fmt: skip
        lines.append(f"| PDF report | {self.pdf_students:,} | {self.pdf_ms:.0f} ms |")
        lines.append(
            f"| floor: xhtml2pdf, plain table of the same rows | {self.pdf_students:,} | "
            f"{self.floor_ms:.0f} ms ({self.pdf_ms / (self.floor_ms or 1):.2f}×) |"
        )
        for n, (queries, ms) in sorted(self.page.items()):
            lines.append(
                f"| `/reports` page, computed | {n:,} | {queries} statements, {ms:.0f} ms |"
            )
        for n, (queries, ms) in sorted(self.warm.items()):
            lines.append(f"| `/reports` page, warm | {n:,} | {queries} statements, {ms:.1f} ms |")
        if self.interleaved is not None:
            page_ms, ping_ms = self.interleaved
            large = max(self.page or self.warm or {0: None})
            lines.append(
                f"| warm page and `/ping`, interleaved in process | {large:,} | "
                f"{page_ms:.2f} ms and {ping_ms:.2f} ms: {1000 / page_ms:,.0f} and "
                f"{1000 / ping_ms:,.0f} req/s in one thread ({ping_ms / page_ms:.2f}×) |"
            )
            ratio = self.page_ratio()
            if ratio is not None and self.baseline_rps:
                lines.append(
                    f"| warm page on {self.workers} workers at that cost | {large:,} | "
                    f"≈ {ratio * self.baseline_rps:,.0f} req/s: **{ratio:.2f} × baseline** "
                    f"({self.baseline_rps:,.0f} req/s; target ≥ {MIN_PAGE_RATIO}) |"
                )
        lines += ["", "Targets: " + ("every one met." if not self.problems else "")]
        lines += [f"- FAILED: {p}" for p in self.problems]
        return "\n".join(lines) + "\n"


def _institution() -> tuple[Institution, Membership]:
    institution = db.session.execute(
        select(Institution).where(Institution.slug == SLUG)
    ).scalar_one_or_none()
    if institution is None:
        institution = Institution(slug=SLUG, name="Reports Bench College")
        db.session.add(institution)
        db.session.commit()
    with tenant_scope(institution):
        admin = db.session.execute(
            select(Membership).where(Membership.role == Role.ADMIN)
        ).scalar_one_or_none()
        if admin is None:
            user = User(email=f"admin@{SLUG}.example", name="Bench Admin")
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.flush()
            admin = Membership(user_id=user.id, role=Role.ADMIN)
            db.session.add(admin)
            db.session.commit()
    return institution, admin


def seed_cohort(institution: Institution, students: int, version_id: int | None = None) -> int:
    """Add a cohort of `students` new students (every other one ticked an item); its id."""
    with tenant_scope(institution):
        cohort = Cohort(name=f"Bench cohort of {students:,}", term="Fall 2026")
        db.session.add(cohort)
        db.session.flush()
        cohort_id, inst_id = cohort.id, institution.id
        db.session.commit()
    with tenant_scope(institution):
        if version_id is None:
            version_id = _checklist()
        assignment = Assignment(
            cohort_id=cohort_id, version_id=version_id, due_on=date.today() + timedelta(days=7)
        )
        db.session.add(assignment)
        db.session.flush()
        item_id = db.session.execute(
            select(ChecklistItem.id).where(ChecklistItem.version_id == version_id).limit(1)
        ).scalar_one()
        start = db.session.execute(select(db.func.count(User.id))).scalar_one()
        for offset in range(0, students, 2000):
            count = min(2000, students - offset)
            users = db.session.execute(
                insert(User).returning(User.id),
                [
                    {"email": f"rb{start + offset + i}@{SLUG}.example",
                     "name": f"Student {start + offset + i:06} Zoë", "active": True}
                    for i in range(count)
                ],
            ).scalars().all()  # fmt: skip
            members = (
                db.session.execute(
                    insert(Membership).returning(Membership.id),
                    [
                        {"user_id": u, "role": Role.STUDENT, "institution_id": inst_id}
                        for u in users
                    ],
                )
                .scalars()
                .all()
            )
            db.session.execute(
                insert(CohortStudent),
                [{"cohort_id": cohort_id, "membership_id": m, "institution_id": inst_id}
                 for m in members],
            )  # fmt: skip
            db.session.execute(
                insert(ItemProgress),
                [{"assignment_id": assignment.id, "item_id": item_id, "membership_id": m,
                  "status": ProgressStatus.DONE, "done_at": clock.utc_now(),
                  "institution_id": inst_id} for m in members[::2]],
            )  # fmt: skip
        db.session.commit()
    return cohort_id


def _checklist() -> int:
    """Publish a three-item checklist (two required, with competencies); return its version."""
    template = ChecklistTemplate(title="Bench checklist")
    db.session.add(template)
    db.session.flush()
    version = ChecklistVersion(
        template_id=template.id,
        number=1,
        title=template.title,
        status=VersionStatus.PUBLISHED,
        published_at=clock.utc_now(),
    )
    db.session.add(version)
    db.session.flush()
    for position, fields in enumerate(
        [
            {"title": "Résumé", "competency": "Communication"},
            {"title": "Mock interview", "competency": "Professionalism"},
            {"title": "Thank-you note", "required": False},
        ],
        start=1,
    ):
        db.session.add(ChecklistItem(version_id=version.id, position=position, **fields))
    db.session.flush()
    return version.id


def _csv(institution: Institution, cohort_id: int) -> int:
    size = 0
    for line in write_rows(
        student_header(), student_rows(institution, [cohort_id], clock.utc_now())
    ):
        size += len(line)
    return size


def measure_csv(institution: Institution, cohort_id: int) -> tuple[float, int]:
    """Return the seconds to write the cohort's CSV, and its peak traced memory in bytes."""
    with tenant_scope(institution):
        _csv(institution, cohort_id)  # warm: statements compiled, caches filled
        started = time.perf_counter()
        _csv(institution, cohort_id)
        seconds = time.perf_counter() - started
        tracemalloc.start()
        try:
            _csv(institution, cohort_id)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    return seconds, peak


def _median_ms(work: Callable[[], object], runs: int) -> float:
    durations = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        durations.append((time.perf_counter() - started) * 1000)
    return statistics.median(durations)


def plain_table_html(header: list[str], rows: list[list[object]]) -> str:
    """Return the floor's HTML: the same rows in a bare table with a repeated header."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return (
        '<html><head><meta charset="utf-8"><style>@page { size: letter landscape; }'
        " table { font-size: 7.5pt; }</style></head><body>"
        f'<table repeat="1"><tr>{head}</tr>{body}</table></body></html>'
    )


def measure_pdf(app: Flask, institution: Institution, cohort_id: int, runs: int = 3):
    """Return (report ms, floor ms): the PDF report against xhtml2pdf on a plain table."""
    path = f"/{SLUG}/cohorts/{cohort_id}/readiness.pdf"
    with app.test_request_context(path), tenant_scope(institution):
        admin = _institution()[1]
        scope = report_scope(admin, ReportFilters(), cohort_id)
        now = clock.utc_now()
        rows = list(student_rows(institution, scope.cohort_ids, now, pdf=True))
        html = plain_table_html(student_header(pdf=True), rows)
        render_pdf(html)  # warm: fonts registered
        report = _median_ms(lambda: report_pdf(institution, scope, now), runs)
        floor = _median_ms(lambda: render_pdf(html), runs)
    return report, floor


def _signed_in(app: Flask):
    client = app.test_client()
    response = client.post("/login", data={"email": f"admin@{SLUG}.example", "password": PASSWORD})
    assert response.status_code == 302, "bench admin could not sign in"
    return client


def _page_path(cohort_id: int) -> str:
    return f"/{SLUG}/reports?cohort={cohort_id}"


def measure_page(app: Flask, cohort_id: int, runs: int = 3, warm: bool = False):
    """Return the statements and median ms of `/<slug>/reports?cohort=…` through the app:
    computed (the report cache emptied before each view) or `warm` (the report kept)."""
    client, path = _signed_in(app), _page_path(cohort_id)
    client.get(path)
    statements: list[str] = []

    def count(*args) -> None:
        statements.append(args[2])

    def view():
        if not warm:
            with app.app_context():
                report_cache.clear()
        return client.get(path)

    with app.app_context():
        engine = db.engine
    view()
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert view().status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements), _median_ms(view, runs)


def measure_interleaved(app: Flask, cohort_id: int, rounds: int = 7, requests: int = 50):
    """Return the median ms of the warm page and of `/ping` over `rounds` alternating rounds
    of `requests` each, in this process."""
    client, path = _signed_in(app), _page_path(cohort_id)
    assert client.get(path).status_code == 200 and client.get("/ping").status_code == 200
    page, ping = [], []
    for _ in range(rounds):
        for target, times in ((path, page), ("/ping", ping)):
            started = time.perf_counter()
            for _ in range(requests):
                client.get(target)
            times.append((time.perf_counter() - started) * 1000 / requests)
    return statistics.median(page), statistics.median(ping)


def run(url: str, say: Callable[[str], None] = print, sizes=SIZES, pdf_students=PDF_STUDENTS):
    """Seed the reports institution on the database at `url`, measure, judge; return it."""
    app = create_app(
        {
            "ENV_NAME": "development",
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench-reports",
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    result = ReportsBench(pdf_students=pdf_students)
    try:
        with app.app_context():
            institution, _ = _institution()
            cohorts = {n: seed_cohort(institution, n) for n in sorted({*sizes, pdf_students})}
            for n in sizes:
                say(f"reports: CSV of {n:,} students …")
                result.csv[n] = measure_csv(institution, cohorts[n])
            say(f"reports: PDF of {pdf_students:,} students and its floor …")
            result.pdf_ms, result.floor_ms = measure_pdf(app, institution, cohorts[pdf_students])
        for n in sizes:
            say(f"reports: page over {n:,} students, computed and warm …")
            result.page[n] = measure_page(app, cohorts[n])
            result.warm[n] = measure_page(app, cohorts[n], runs=20, warm=True)
        say(f"reports: warm page over {max(sizes):,} students and /ping, interleaved …")
        result.interleaved = measure_interleaved(app, cohorts[max(sizes)])
    finally:
        with app.app_context():
            db.engine.dispose()
    result.judge()
    return result
