"""The header's unread count, read in the statement that loads the signed-in member."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, literal, select

from ..tenancy.models import Membership
from ..tenancy.urls import read_with_membership
from .models import Notification

# Counting stops here ("99+"): a forgotten inbox costs no more on each page than a tidy one.
UNREAD_CAP = 100


def unread_count_expression() -> ColumnElement[Any]:
    """Return the member's unread notifications (at most UNREAD_CAP), as a scalar subquery.

    Correlated with `Membership`; answered from the (recipient_id, read_at) index.
    """
    unread = (
        select(literal(1))
        .where(Notification.recipient_id == Membership.id, Notification.read_at.is_(None))
        .correlate(Membership)
        .limit(UNREAD_CAP)
        .subquery()
    )
    return select(func.count()).select_from(unread).scalar_subquery()


read_with_membership("unread_notifications", unread_count_expression)
