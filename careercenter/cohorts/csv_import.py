"""Enroll students from a CSV file (an `email` column): every row checked, all or nothing.

Reading, encoding and caps are `csvio`'s; other columns (a name, say) are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..auth.models import User
from ..csvio import CsvFileError, CsvSpec, LineProblem, check_email, read_csv
from ..extensions import db
from ..tenancy.models import Membership, Role

SPEC = CsvSpec(
    columns={"email": ("e-mail", "email address", "e-mail address")},
    required=("email",),
    noun="students",
)


@dataclass
class ImportReport:
    """What an import found: the students to enroll, or the problems by line."""

    students: list[Membership] = field(default_factory=list)
    errors: list[LineProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def check_enrolment_csv(data: bytes, filename: str | None = None) -> ImportReport:
    """Check every row (in one query) and return the students or the problems by line."""
    report = ImportReport()
    try:
        table = read_csv(data, SPEC, filename)
    except CsvFileError as error:
        report.errors.append(LineProblem(1, "", str(error)))
        return report
    report.errors.extend(table.problems)
    rows = []
    for row in table.rows:
        try:
            rows.append((row.line, check_email(row["email"]).lower()))
        except ValueError as error:
            reason = str(error) if not row["email"] else f"“{row['email']}”: {error}"
            report.errors.append(LineProblem(row.line, row["email"], reason))
    found: dict[str, Membership] = dict(
        db.session.execute(
            select(func.lower(User.email), Membership)
            .join(Membership, Membership.user_id == User.id)
            .where(func.lower(User.email).in_({email for _, email in rows}))
        ).all()
    )
    seen: dict[str, int] = {}
    for line, email in rows:
        problem = _problem(email, found.get(email), seen.get(email))
        if problem:
            report.errors.append(LineProblem(line, email, problem))
        else:
            report.students.append(found[email])
        seen.setdefault(email, line)
    report.errors.sort(key=lambda p: p.line)
    return report


def _problem(email: str, membership: Membership | None, first_line: int | None) -> str | None:
    if first_line is not None:
        return f"{email} is already on line {first_line}."
    if membership is None or membership.declined_at is not None:
        return f"{email} is not a member here: invite them first."
    if membership.accepted_at is None:
        # Refused rather than enrolled in advance: a pending person is not a member yet.
        return f"{email} has not accepted their invitation yet: enroll them once they have."
    if membership.role is not Role.STUDENT:
        return f"{email} is an {membership.role.value}, not a student."
    if not membership.active:
        return f"{email} is deactivated."
    return None
