"""The notification POSTs fired several times at once never end in a 5xx (tests/test_races.py)."""

from __future__ import annotations

import re

from sqlalchemy import select

from careercenter import events
from careercenter.extensions import db
from careercenter.notifications.models import Delivery, Kind, NotificationPreference

from ..plans.helpers import make_plan, typical_content
from ..test_races import PARALLEL, fire
from .conftest import notifications_of, send


def _notices(world, count=2) -> list[int]:
    plan_id = make_plan(world.a, content=typical_content(), submit=True)
    for _ in range(count):
        send(
            events.review_published,
            world.a,
            plan_id=plan_id,
            review_id=1,
            decision="approved",
            by_user_id=world.a.advisor.user_id,
        )
    return [n.id for n in notifications_of(world.a.student)]


def _ok(answers) -> None:
    assert all(status < 500 for status, _ in answers), [status for status, _ in answers]


def test_choices_saved_at_once_store_one_row_per_kind(world, app, auth, client):
    auth.login_as(world.a.student)
    page = client.get(f"/{world.a.slug}/notifications/settings").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="([^"]+)"', page).group(1)
    data = {"version": version, "published": "digest", "claimed": "in_app", "replied": "email"}
    url = f"/{world.a.slug}/notifications/settings"
    answers = fire(app, [(world.a.student, url, data)] * PARALLEL)
    _ok(answers)
    assert any("Notification choices saved." in page for _, page in answers)
    db.session.expire_all()
    rows = db.session.execute(
        select(NotificationPreference.kind, NotificationPreference.delivery)
    ).all()
    assert sorted(rows) == sorted(
        [(Kind.PUBLISHED, Delivery.DIGEST), (Kind.CLAIMED, Delivery.IN_APP)]
    )


def test_marking_read_at_once_is_idempotent(world, app):
    first, second = _notices(world)
    slug = world.a.slug
    posts = [(world.a.student, f"/{slug}/notifications/{first}/open", {})] * PARALLEL
    posts += [(world.a.student, f"/{slug}/notifications/read", {"up_to": str(second)})] * PARALLEL
    _ok(fire(app, posts))
    assert all(n.read_at is not None for n in notifications_of(world.a.student))
