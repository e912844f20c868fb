"""Invite many people from a CSV file (`email,name,role`): validate every row, then all or nothing.

The file is input: names are kept exactly as written (after trimming surrounding spaces), so
international names round-trip. Formula neutralisation belongs to CSV *exports*, not here.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select

from ..auth.models import User
from ..extensions import db
from ..tenancy.models import Membership, Role
from .services import Invitation, add_memberships

HEADER = ("email", "name", "role")
NAME_MAX = 200
ROLE_NAMES = ", ".join(role.value for role in Role)


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not a CSV, not UTF-8, wrong header, too many rows)."""


@dataclass(frozen=True)
class Row:
    """One valid person to invite, with the line it came from."""

    line: int
    email: str
    name: str
    role: Role


@dataclass(frozen=True)
class RowProblem:
    """Why one line of the file was refused."""

    line: int
    value: str
    reason: str


@dataclass
class ImportCheck:
    """The outcome of validating a file: the good rows and every problem found."""

    rows: list[Row] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problems


def decode_upload(filename: str, data: bytes) -> str:
    """Return the text of an uploaded CSV file, or raise `ImportFileError` saying what is wrong."""
    if not filename.lower().endswith(".csv"):
        raise ImportFileError("Please upload a .csv file (comma-separated values, UTF-8).")
    if b"\x00" in data:
        raise ImportFileError("This file does not look like a CSV text file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"This file is not UTF-8 text (unreadable byte at position {exc.start}). "
            "Save it as “CSV UTF-8” and upload it again."
        ) from exc
    if not text.strip():
        raise ImportFileError("This file is empty. The first line must be: email,name,role")
    return text


def check_rows(text: str, max_rows: int) -> ImportCheck:
    """Validate every row of the CSV `text`; nothing is written."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _check_reader(reader, max_rows)
    except csv.Error as error:
        raise ImportFileError(
            f"Line {reader.line_num} could not be read as CSV ({error}). "
            "Check for a very long cell or an unclosed quote."
        ) from error


def _check_reader(reader, max_rows: int) -> ImportCheck:
    header = [cell.strip().lower() for cell in next(reader)]
    if tuple(header) != HEADER:
        raise ImportFileError(
            f"The first line must be the header “email,name,role”; this file has "
            f"“{','.join(header)[:120]}”."
        )
    check = ImportCheck()
    seen: dict[str, int] = {}
    line = reader.line_num
    for cells in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(check.rows) + len(check.problems) >= max_rows:
            raise ImportFileError(
                f"This file has more than {max_rows} people. Split it into smaller files."
            )
        row, problem = _check_row(start, cells, seen)
        if problem:
            check.problems.append(problem)
        else:
            check.rows.append(row)
    if not check.rows and not check.problems:
        raise ImportFileError("This file has a header but no people in it.")
    _refuse_existing_members(check)
    check.problems.sort(key=lambda p: p.line)
    return check


def _check_row(line: int, cells: list[str], seen: dict[str, int]):
    raw = ",".join(cells)[:120]
    if len(cells) != len(HEADER):
        reason = f"Expected 3 values (email, name, role), found {len(cells)}."
        return None, RowProblem(line, raw, reason)
    email_raw, name, role_raw = (cell.strip() for cell in cells)
    try:
        email = validate_email(email_raw, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        return None, RowProblem(line, email_raw or raw, f"Email address not valid: {exc}")
    if not name:
        return None, RowProblem(line, raw, "Name is missing.")
    if len(name) > NAME_MAX:
        reason = f"Name is longer than {NAME_MAX} characters."
        return None, RowProblem(line, name[:60] + "…", reason)
    if role_raw.lower() not in {role.value for role in Role}:
        reason = f"Role “{role_raw}” is not one of {ROLE_NAMES}."
        return None, RowProblem(line, role_raw or raw, reason)
    key = email.lower()
    if key in seen:
        reason = f"This email already appears on line {seen[key]} of the file."
        return None, RowProblem(line, email, reason)
    seen[key] = line
    return Row(line, email, name, Role(role_raw.lower())), None


def _refuse_existing_members(check: ImportCheck) -> None:
    """Move rows whose person is already a member here into the problems (one query).

    "Here" is the tenant scope: the join sees this institution's memberships only.
    """
    if not check.rows:
        return
    emails = [row.email.lower() for row in check.rows]
    members = db.session.execute(
        select(func.lower(User.email), Membership.active, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(func.lower(User.email).in_(emails))
    ).all()
    existing = {email: (active, role) for email, active, role in members}
    keep = []
    for row in check.rows:
        found = existing.get(row.email.lower())
        if found is None:
            keep.append(row)
            continue
        active, role = found
        state = "already a member" if active else "a deactivated member"
        reason = f"{row.email} is {state} here, as {Role(role).label}."
        check.problems.append(RowProblem(row.line, row.email, reason))
    check.rows = keep


def create_invitations(rows: list[Row]) -> list[Invitation]:
    """Add every row's person as a member (the caller commits and sends the mail)."""
    emails = [row.email.lower() for row in rows]
    known = db.session.execute(select(User).where(func.lower(User.email).in_(emails))).scalars()
    known_users = {user.email.lower(): user for user in known}
    return add_memberships([(row.email, row.name, row.role) for row in rows], known_users)
