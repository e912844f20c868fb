"""Remove a student from one institution: every capability erases its part, then the
membership goes. See docs/RECORDS.md for what is deleted, what is anonymised and what the
audit log keeps (that it happened, not what was removed)."""

from __future__ import annotations

import unicodedata

from sqlalchemy import delete

from .. import audit
from ..actions import Conflict, Refused, check_version, rowcount
from ..extensions import db
from ..record_sections import erasers
from ..tenancy.models import Membership, Role

STALE = "This member changed meanwhile. Nothing was removed: check the page and try again."


def _plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def confirmation_matches(membership: Membership, typed: str) -> bool:
    """Return whether `typed` is the member's shown name (case and spacing aside)."""
    return bool(typed.strip()) and _plain(typed) == _plain(membership.display_name)


def remove_student(membership: Membership, admin: Membership, typed: str, version: object) -> None:
    """Erase `membership`'s records in this institution, then the membership itself."""
    if membership.role is not Role.STUDENT:
        raise Refused("Only students can be removed here. Change the role first, or deactivate.")
    if membership.id == admin.id:
        raise Refused("You cannot remove yourself.")
    check_version(membership.version, version, STALE)
    if not confirmation_matches(membership, typed):
        raise Refused("Nothing was removed: type the student's name exactly as shown to confirm.")
    for section in erasers():
        assert section.erase is not None
        section.erase(membership)
    deleted = db.session.execute(
        delete(Membership)
        .where(Membership.id == membership.id, Membership.version == membership.version)
        .execution_options(synchronize_session=False)
    )
    if rowcount(deleted) != 1:
        raise Conflict(STALE)
    db.session.expunge(membership)
    # That it happened, by whom; not whom or what (no subject, no detail naming them).
    audit.record("records.student_removed")
