"""Enroll students from a CSV file: every row checked, a report by line, all or nothing."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..auth.models import User
from ..extensions import db
from ..tenancy.models import Membership, Role

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_ROWS = 5000


@dataclass
class ImportReport:
    """What an import found: the students to enroll, or the errors by line."""

    students: list[Membership] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _rows(data: bytes) -> tuple[list[tuple[int, str]], str | None]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], "The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."
    reader = csv.DictReader(io.StringIO(text))
    try:
        headers = {(h or "").strip().lower(): h for h in reader.fieldnames or []}
        if "email" not in headers:
            return [], "The first line must be a header with an “email” column."
        rows = []
        for record in reader:
            rows.append((reader.line_num, (record.get(headers["email"]) or "").strip().lower()))
            if len(rows) > MAX_ROWS:
                return [], f"The file has more than {MAX_ROWS} rows; split it."
    except csv.Error as error:
        return [], (
            f"Line {reader.line_num} could not be read as CSV ({error}). "
            "Check for a very long cell or an unclosed quote."
        )
    if not rows:
        return [], "The file has a header but no students."
    return rows, None


def check_enrolment_csv(data: bytes) -> ImportReport:
    """Check every row (in two queries) and return the students or the errors by line."""
    report = ImportReport()
    rows, problem = _rows(data)
    if problem:
        report.errors.append((1, problem))
        return report
    emails = {email for _, email in rows if email}
    found = {
        email: membership
        for email, membership in db.session.execute(
            select(func.lower(User.email), Membership)
            .join(Membership, Membership.user_id == User.id)
            .where(func.lower(User.email).in_(emails))
        )
    }
    seen: dict[str, int] = {}
    for line, email in rows:
        membership = found.get(email)
        if not email:
            report.errors.append((line, "The email is empty."))
        elif not EMAIL.match(email):
            report.errors.append((line, f"“{email}” is not an email address."))
        elif email in seen:
            report.errors.append((line, f"{email} is already on line {seen[email]}."))
        elif membership is None:
            report.errors.append((line, f"{email} is not a member here: invite them first."))
        elif membership.role is not Role.STUDENT:
            report.errors.append((line, f"{email} is an {membership.role.value}, not a student."))
        elif not membership.active:
            report.errors.append((line, f"{email} is deactivated."))
        else:
            report.students.append(membership)
        seen.setdefault(email, line)
    return report
