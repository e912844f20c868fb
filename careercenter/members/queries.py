"""Read-side queries for the members pages, each in a fixed number of SQL statements."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import contains_eager, lazyload

from ..auth.models import User
from ..extensions import db
from ..sorting import name_key
from ..tenancy.models import Membership, Role


class MemberStatus(enum.StrEnum):
    """Where a membership stands: invited (pending), declined, active, or switched off."""

    ACTIVE = "active"
    INVITED = "invited"
    DECLINED = "declined"
    DEACTIVATED = "deactivated"

    @property
    def label(self) -> str:
        return "Invited (pending)" if self is MemberStatus.INVITED else self.value.capitalize()


def member_status(membership: Membership) -> MemberStatus:
    """Return the status shown for `membership`."""
    if membership.declined_at is not None:
        return MemberStatus.DECLINED
    if membership.accepted_at is None:
        return MemberStatus.INVITED
    if not membership.active:
        return MemberStatus.DEACTIVATED
    return MemberStatus.ACTIVE


def shown_name():
    """Return the SQL of the name this institution may see: the typed one until accepted."""
    return case((Membership.accepted_at.is_(None), Membership.invited_name), else_=User.name)


def shown_email():
    """Return the SQL of the email this institution may see: the typed one until accepted."""
    return case((Membership.accepted_at.is_(None), Membership.invited_email), else_=User.email)


@dataclass(frozen=True)
class MemberFilters:
    """What the members list is narrowed to (all optional)."""

    search: str = ""
    role: Role | None = None
    status: MemberStatus | None = None

    @property
    def active(self) -> bool:
        return bool(self.search or self.role or self.status)

    def as_args(self) -> dict[str, str]:
        """Return the query-string arguments that reproduce these filters."""
        args = {"q": self.search, "role": self.role or "", "status": self.status or ""}
        return {key: str(value) for key, value in args.items() if value}


def members_statement(filters: MemberFilters) -> Select:
    """Return the SELECT of memberships (users loaded) matching `filters`, ordered by name."""
    stmt = (
        select(Membership)
        .join(User, User.id == Membership.user_id)
        .options(contains_eager(Membership.user), lazyload(Membership.institution))
    )
    return _filtered(stmt, filters).order_by(func.lower(shown_name()), Membership.id)


def _filtered(stmt: Select, filters: MemberFilters) -> Select:
    if filters.search:
        needle = filters.search.strip()
        stmt = stmt.where(
            or_(
                shown_name().icontains(needle, autoescape=True),
                shown_email().icontains(needle, autoescape=True),
            )
        )
    if filters.role:
        stmt = stmt.where(Membership.role == filters.role)
    accepted = Membership.accepted_at.is_not(None)
    if filters.status is MemberStatus.DEACTIVATED:
        stmt = stmt.where(accepted, Membership.active.is_(False))
    elif filters.status is MemberStatus.INVITED:
        stmt = stmt.where(Membership.accepted_at.is_(None), Membership.declined_at.is_(None))
    elif filters.status is MemberStatus.DECLINED:
        stmt = stmt.where(Membership.declined_at.is_not(None))
    elif filters.status is MemberStatus.ACTIVE:
        stmt = stmt.where(accepted, Membership.active.is_(True))
    return stmt


class NameSortedPagination(Pagination):
    """One page of members in reading order (see `sorting`): ids and names of every match
    in one query, sorted in Python, then the page's memberships in a second query."""

    def _query_items(self) -> list[Membership]:
        filters: MemberFilters = self._query_args["filters"]
        pairs = list(
            db.session.execute(
                _filtered(
                    select(Membership.id, shown_name()).join(User, User.id == Membership.user_id),
                    filters,
                )
            )
        )
        pairs.sort(key=lambda pair: (name_key(pair[1] or ""), pair[0]))
        self._total = len(pairs)
        start = self._query_offset
        page_ids = [pair[0] for pair in pairs[start : start + self.per_page]]
        if not page_ids:
            return []
        loaded = db.session.execute(members_statement(filters).where(Membership.id.in_(page_ids)))
        by_id = {m.id: m for m in loaded.scalars()}
        return [by_id[i] for i in page_ids if i in by_id]

    def _query_count(self) -> int:
        return self._total


def list_members(filters: MemberFilters, page: int, per_page: int) -> Pagination:
    """Return one page of members matching `filters`, by name (two queries: names and rows)."""
    return NameSortedPagination(
        page=max(page, 1), per_page=per_page, error_out=False, filters=filters
    )


def active_admin_ids(lock: bool = False) -> list[int]:
    """Return the ids of the institution's active admin memberships (locked when `lock`)."""
    stmt = select(Membership.id).where(Membership.role == Role.ADMIN, Membership.active.is_(True))
    if lock:
        stmt = stmt.with_for_update()
    return list(db.session.execute(stmt).scalars())
