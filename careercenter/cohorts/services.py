"""Changing cohorts: create, edit, archive, advisors, enrolment and join codes (all audited)."""

from __future__ import annotations

import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import contains_eager

from ..actions import Refused, check_version, insert_if_absent, rowcount
from ..audit import record
from ..extensions import db
from ..sorting import name_key
from ..tenancy.models import Membership, Role
from .models import Cohort, CohortAdvisor, CohortStatus, CohortStudent

JOIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
STALE = "Someone else changed this cohort meanwhile. Review it and save again."


def visible_cohorts(membership: Membership, *, archived: bool = False) -> list[Cohort]:
    """Return the cohorts this member sees: all (admin), assigned (advisor), enrolled (student)."""
    status = CohortStatus.ARCHIVED if archived else CohortStatus.ACTIVE
    stmt = select(Cohort).where(Cohort.status == status).order_by(Cohort.name)
    if membership.is_advisor:
        stmt = stmt.join(CohortAdvisor, CohortAdvisor.cohort_id == Cohort.id).where(
            CohortAdvisor.membership_id == membership.id
        )
    elif membership.is_student:
        stmt = stmt.join(CohortStudent, CohortStudent.cohort_id == Cohort.id).where(
            CohortStudent.membership_id == membership.id
        )
    return list(db.session.execute(stmt).scalars())


def create_cohort(name: str, term: str, description: str) -> Cohort:
    """Create an active cohort."""
    cohort = Cohort(name=name, term=term or "", description=description or "")
    db.session.add(cohort)
    db.session.flush()
    record("cohort.created", cohort, name=name)
    return cohort


def update_cohort(cohort: Cohort, loaded_version: str, **fields) -> None:
    """Change a cohort's details; raise Conflict when someone saved in between."""
    check_version(cohort.version, loaded_version, STALE)
    for name, value in fields.items():
        setattr(cohort, name, value or "")
    record("cohort.updated", cohort, **fields)


def set_archived(cohort: Cohort, archived: bool) -> None:
    """Archive a cohort (it leaves lists and dashboards) or bring it back."""
    status = CohortStatus.ARCHIVED if archived else CohortStatus.ACTIVE
    if cohort.status is not status:
        cohort.status = status
        record("cohort.archived" if archived else "cohort.restored", cohort)


def members_by_role(role: Role) -> list[Membership]:
    """Return the active members holding `role`, by name (case and accents ignored)."""
    from ..auth.models import User

    members = db.session.execute(
        select(Membership)
        .join(User, User.id == Membership.user_id)
        .options(contains_eager(Membership.user))
        .where(Membership.role == role, Membership.active.is_(True))
    ).scalars()
    return sorted(members, key=lambda m: (name_key(m.user.name), m.id))


def members_by_ids(ids: set[int]) -> list[Membership] | None:
    """Return the members with these ids, by name, in one query; None if any is not found."""
    from ..auth.models import User

    members = db.session.execute(
        select(Membership)
        .join(User, User.id == Membership.user_id)
        .options(contains_eager(Membership.user))
        .where(Membership.id.in_(ids))
    ).scalars()
    found = sorted(members, key=lambda m: (name_key(m.user.name), m.id))
    return found if len(found) == len(ids) else None


def links_by_name(links, members: list[Membership]) -> list[tuple]:
    """Pair each cohort link with its member (None if no longer active), sorted by name."""
    by_id = {m.id: m for m in members}
    pairs = [(link, by_id.get(link.membership_id)) for link in links]
    return sorted(pairs, key=lambda p: (p[1] is None, name_key(p[1] and p[1].user.name), p[0].id))


def add_advisor(cohort: Cohort, membership: Membership) -> bool:
    """Assign an advisor; return False if already assigned (even by a request just now)."""
    if membership.role is not Role.ADVISOR or not membership.active:
        raise Refused("Only active advisors can be assigned to a cohort.")
    if not insert_if_absent(CohortAdvisor, cohort_id=cohort.id, membership_id=membership.id):
        return False
    db.session.expire(cohort, ["advisor_links"])
    record("cohort.advisor_added", cohort, membership_id=membership.id)
    return True


def enrolled_ids(cohort: Cohort) -> set[int]:
    """Return the membership ids of the cohort's students."""
    return set(
        db.session.execute(
            select(CohortStudent.membership_id).where(CohortStudent.cohort_id == cohort.id)
        ).scalars()
    )


def enroll(cohort: Cohort, memberships: list[Membership], how: str) -> int:
    """Enroll students not yet in the cohort; return how many were added.

    Someone enrolled meanwhile (a second tab, the same join code twice) counts as already in.
    """
    already = enrolled_ids(cohort)
    added = 0
    for membership in memberships:
        if membership.role is not Role.STUDENT or not membership.active:
            raise Refused("Only active students can be enrolled in a cohort.")
        if membership.id in already:
            continue
        already.add(membership.id)
        if insert_if_absent(CohortStudent, cohort_id=cohort.id, membership_id=membership.id):
            record("cohort.student_enrolled", cohort, membership_id=membership.id, how=how)
            added += 1
    if added:
        db.session.expire(cohort, ["student_links"])
    return added


def remove_link(cohort: Cohort, link: CohortAdvisor | CohortStudent) -> None:
    """Take an advisor or a student out of a cohort (once, however often it is asked)."""
    model, membership_id = type(link), link.membership_id
    removed = rowcount(db.session.execute(delete(model).where(model.id == link.id)))
    if removed:
        action = "cohort.advisor_removed" if model is CohortAdvisor else "cohort.student_removed"
        record(action, cohort, membership_id=membership_id)
    db.session.expire(cohort, ["advisor_links", "student_links"])


def new_join_code() -> str:
    """Return a fresh, unguessable, unambiguous join code."""
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(8))


def change_join_code(cohort: Cohort, action: str) -> None:
    """Turn joining by code on or off, or replace the code (the old one stops working)."""
    if action == "regenerate" or (action == "enable" and not cohort.join_code):
        cohort.join_code = new_join_code()
    if action in ("enable", "regenerate"):
        cohort.join_enabled = True
    elif action == "disable":
        cohort.join_enabled = False
    record("cohort.join_code_" + action, cohort)


def find_joinable(code: str) -> Cohort | None:
    """Return the active cohort of this institution whose code is `code` and open for joining."""
    code = code.strip().upper().replace(" ", "").replace("-", "")
    if not code:
        return None
    return db.session.execute(
        select(Cohort).where(
            Cohort.join_code == code,
            Cohort.join_enabled.is_(True),
            Cohort.status == CohortStatus.ACTIVE,
        )
    ).scalar_one_or_none()
