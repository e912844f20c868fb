"""One row per step a blueprint reached: who recorded it, when, and when it happened.

The dates of the two interviews live in the blueprint's header (`Plan.first_interview_on`,
`Plan.second_interview_on`, printed on the leave-behind): recording an interview as held writes
its date there, so the fact has one place. Every other step keeps its date here.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Enum, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from ..tenancy.models import TenantMixin, tenant_link, utcnow


class Step(enum.StrEnum):
    """What happened, in the order the method expects it to happen."""

    FIRST_INTERVIEW = "first_interview"
    HOOK_ASKED = "hook_asked"
    SECOND_INTERVIEW = "second_interview"
    LEAVE_BEHIND = "leave_behind"
    OFFER_RECEIVED = "offer_received"
    OFFER_ACCEPTED = "offer_accepted"

    @property
    def label(self) -> str:
        return STEP_LABELS[self]

    @property
    def plan_date_column(self) -> str | None:
        """Return the blueprint header column holding this step's date, if it lives there."""
        return {
            Step.FIRST_INTERVIEW: "first_interview_on",
            Step.SECOND_INTERVIEW: "second_interview_on",
        }.get(self)


STEP_LABELS = {
    Step.FIRST_INTERVIEW: "First interview held",
    Step.HOOK_ASKED: "“Set the hook” asked",
    Step.SECOND_INTERVIEW: "Second interview held",
    Step.LEAVE_BEHIND: "Leave-behind handed over",
    Step.OFFER_RECEIVED: "Offer received",
    Step.OFFER_ACCEPTED: "Offer accepted",
}


class Outcome(TenantMixin, Model):
    """A step one blueprint reached. No row: not reached (or not recorded yet)."""

    __tablename__ = "plan_outcomes"
    __table_args__ = (
        UniqueConstraint("plan_id", "step"),
        tenant_link("plan_id", "plans", ondelete="CASCADE"),
        # No ON DELETE: SET NULL on a composite key would clear institution_id too. Removing a
        # member clears what they recorded first (outcomes/records.py).
        tenant_link("recorded_by_id", "memberships"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(Integer, index=True)
    step: Mapped[Step] = mapped_column(
        Enum(
            Step,
            name="outcome_step",
            native_enum=False,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    # NULL for the interviews: their dates are the blueprint's (see the module docstring).
    happened_on: Mapped[date | None] = mapped_column(Date)
    # Only for HOOK_ASKED: whether the interviewer agreed to sponsor the research.
    sponsor_agreed: Mapped[bool | None] = mapped_column(Boolean)
    recorded_by_id: Mapped[int | None] = mapped_column(Integer, index=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
