"""Fixtures of the notification tests: the outbox of both apps, signals sent as services do."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from careercenter.extensions import db
from careercenter.notifications.models import Notification
from careercenter.tenancy.scoping import tenant_scope

from ..members.conftest import Outbox


@pytest.fixture
def outbox(app, arrange, tmp_path, monkeypatch) -> Outbox:
    """Mail written by the app under test or by `arrange` (signals sent in tests)."""
    folder = str(tmp_path / "outbox")
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", folder)
    monkeypatch.setitem(arrange.config, "MAIL_OUTBOX", folder)
    return Outbox(app)


def send(signal, tenant, **values) -> None:
    """Send `signal` inside `tenant`'s institution and commit, as a service's request would."""
    with tenant_scope(tenant.institution):
        signal.send(None, **values)
        db.session.commit()


def notifications_of(member) -> list[Notification]:
    """Return the member's notifications, oldest first (read fresh)."""
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.recipient_id == member.id)
            .order_by(Notification.id)
        )
    )


def page_of(tenant, plan_id: int) -> str:
    """The page a notification about `plan_id` opens: its latest revision's review page (the
    advisor's screen, the student's feedback), or the blueprint before any submission."""
    from careercenter.plans.models import PlanRevision

    with tenant_scope(tenant.institution):
        revision_id = db.session.execute(
            select(PlanRevision.id)
            .where(PlanRevision.plan_id == plan_id)
            .order_by(PlanRevision.number.desc())
            .limit(1)
        ).scalar_one_or_none()
    if revision_id is None:
        return f"/{tenant.slug}/blueprints/{plan_id}"
    return f"/{tenant.slug}/reviews/{revision_id}"
