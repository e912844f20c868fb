"""Invite many people from a CSV file (`email,name,role`): validate every row, then all or nothing.

Reading, encoding and caps are `csvio`'s. Names are kept exactly as written (after trimming
surrounding spaces), so international names round-trip; neutralisation belongs to exports.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..auth.models import User
from ..csvio import CsvFileError, CsvRow, CsvSpec, LineProblem, check_email, read_csv
from ..extensions import db
from ..tenancy.models import Membership, Role
from .services import Invitation, invite_people, refusal

SPEC = CsvSpec(
    columns={
        "email": ("e-mail", "email address", "e-mail address"),
        "name": ("full name",),
        "role": (),
    },
    required=("email", "name", "role"),
    noun="people",
)
NAME_MAX = 200
ROLE_NAMES = ", ".join(role.value for role in Role)

ImportFileError = CsvFileError


@dataclass(frozen=True)
class Row:
    """One valid person to invite, with the line it came from."""

    line: int
    email: str
    name: str
    role: Role


@dataclass
class ImportCheck:
    """The outcome of validating a file: the good rows and every problem found."""

    rows: list[Row] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problems


def check_upload(filename: str, data: bytes) -> ImportCheck:
    """Validate every row of an uploaded file; nothing is written. Raise `CsvFileError`."""
    table = read_csv(data, SPEC, filename)
    check = ImportCheck(problems=list(table.problems))
    seen: dict[str, int] = {}
    for csv_row in table.rows:
        row, problem = _check_row(csv_row, seen)
        if problem:
            check.problems.append(problem)
        else:
            check.rows.append(row)
    _refuse_existing_members(check)
    check.problems.sort(key=lambda p: p.line)
    return check


def _check_row(row: CsvRow, seen: dict[str, int]):
    line, name, role_raw = row.line, row["name"], row["role"]
    try:
        email = check_email(row["email"])
    except ValueError as exc:
        return None, LineProblem(line, row["email"] or row.raw, str(exc))
    if not name:
        return None, LineProblem(line, row.raw, "Name is missing.")
    if len(name) > NAME_MAX:
        reason = f"Name is longer than {NAME_MAX} characters."
        return None, LineProblem(line, name[:60] + "…", reason)
    if role_raw.lower() not in {role.value for role in Role}:
        reason = f"Role “{role_raw}” is not one of {ROLE_NAMES}."
        return None, LineProblem(line, role_raw or row.raw, reason)
    key = email.lower()
    if key in seen:
        reason = f"This email already appears on line {seen[key]} of the file."
        return None, LineProblem(line, email, reason)
    seen[key] = line
    return Row(line, email, name, Role(role_raw.lower())), None


def _refuse_existing_members(check: ImportCheck) -> None:
    """Move rows whose person is already a member (or invited) here into the problems.

    "Here" is the tenant scope: the join sees this institution's memberships only.
    """
    if not check.rows:
        return
    emails = [row.email.lower() for row in check.rows]
    members = db.session.execute(
        select(func.lower(User.email), Membership)
        .join(Membership, Membership.user_id == User.id)
        .where(func.lower(User.email).in_(emails))
    ).all()
    existing: dict[str, Membership] = dict(members)
    keep = []
    for row in check.rows:
        reason = refusal(row.email, existing.get(row.email.lower()))
        if reason is None:
            keep.append(row)
        else:
            check.problems.append(LineProblem(row.line, row.email, reason))
    check.rows = keep


def create_invitations(rows: list[Row]) -> list[Invitation]:
    """Invite every row's person (the caller commits and sends the mail)."""
    return invite_people([(row.email, row.name, row.role) for row in rows])
