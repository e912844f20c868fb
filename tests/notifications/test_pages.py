"""The notification list, marking read, the header count and the choices page."""

from __future__ import annotations

import re

from sqlalchemy import select

from careercenter import events
from careercenter.extensions import db
from careercenter.notifications.models import Delivery, Kind, Notification, NotificationPreference
from careercenter.notifications.services import PER_PAGE
from careercenter.tenancy.scoping import tenant_scope

from ..plans.helpers import make_plan, typical_content
from .conftest import notifications_of, page_of, send


def _publish(world, plan_id, times=1, decision="approved"):
    for _ in range(times):
        send(
            events.review_published,
            world.a,
            plan_id=plan_id,
            review_id=1,
            decision=decision,
            by_user_id=world.a.advisor.user_id,
        )


def _plan(world):
    return make_plan(world.a, content=typical_content(), submit=True)


def _ids(world) -> list[int]:
    return [n.id for n in notifications_of(world.a.student)]


def _header_link(page: str) -> str:
    return re.search(
        r'<a href="[^"]*/notifications" class="nav-notifications"[^>]*>(.*?)</a>', page, re.S
    ).group(1)


def test_the_header_counts_unread_notifications_with_an_accessible_name(world, auth, client):
    plan_id = _plan(world)
    auth.login_as(world.a.student)
    home = client.get(f"/{world.a.slug}/").get_data(as_text=True)
    assert _header_link(home) == "Notifications"
    _publish(world, plan_id, times=3)
    link = _header_link(client.get(f"/{world.a.slug}/").get_data(as_text=True))
    assert link == (
        '<span class="nav-count">3</span><span class="visually-hidden"> unread</span> Notifications'
    )
    # The accessible name (case aside: screen readers do not speak it).
    assert re.sub(r"<[^>]+>", "", link) == "3 unread Notifications"
    client.post(f"/{world.a.slug}/notifications/read", data={"up_to": _ids(world)[1]})
    link = _header_link(client.get(f"/{world.a.slug}/").get_data(as_text=True))
    assert re.sub(r"<[^>]+>", "", link) == "1 unread Notification"


def test_the_header_count_stops_at_99(world, auth, client, arrange):
    plan_id = _plan(world)
    with tenant_scope(world.a.institution):
        db.session.add_all(
            Notification(
                recipient_id=world.a.student.id,
                kind=Kind.PUBLISHED,
                text=f"Notice {n}",
                link=f"/alpha/blueprints/{plan_id}",
                plan_id=plan_id,
                delivery=Delivery.IN_APP,
            )
            for n in range(130)
        )
        db.session.commit()
    auth.login_as(world.a.student)
    link = _header_link(client.get(f"/{world.a.slug}/").get_data(as_text=True))
    assert re.sub(r"<[^>]+>", "", link) == "99+More than 99 unread Notifications"
    assert 'aria-hidden="true">99+' in link


def test_pages_make_the_same_queries_with_and_without_notifications(
    world, auth, client, count_queries
):
    plan_id = _plan(world)
    auth.login_as(world.a.student)
    urls = [f"/{world.a.slug}/", f"/{world.a.slug}/notifications"]
    for url in urls:
        client.get(url)
    before = {}
    for url in urls:
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        before[url] = len(statements)
    _publish(world, plan_id, times=PER_PAGE + 5)
    for url in urls:
        with count_queries() as statements:
            page = client.get(url).get_data(as_text=True)
        assert '<span class="nav-count">' in page
        assert len(statements) == before[url], url
    # The count rides on the statement that loads the session and the member (no query of
    # its own): the student's home is that statement alone; the list adds its one page.
    assert before == {urls[0]: 1, urls[1]: 2}


def test_the_list_is_newest_first_and_paged(world, auth, client):
    plan_id = _plan(world)
    _publish(world, plan_id, times=PER_PAGE, decision="changes_requested")
    _publish(world, plan_id)
    auth.login_as(world.a.student)
    page = client.get(f"/{world.a.slug}/notifications").get_data(as_text=True)
    assert page.index("approved your blueprint") < page.index("requested changes")
    assert page.count('class="card notification') == PER_PAGE
    assert "26 unread" in page and 'rel="next"' in page
    older = client.get(f"/{world.a.slug}/notifications?page=2").get_data(as_text=True)
    assert older.count('class="card notification') == 1 and 'rel="prev"' in older
    assert client.get(f"/{world.a.slug}/notifications?page=abc").status_code == 200


def test_the_empty_list_says_what_will_show_here(world, auth, client):
    auth.login_as(world.a.advisor)
    page = client.get(f"/{world.a.slug}/notifications").get_data(as_text=True)
    assert "No notifications yet." in page and "submits a blueprint" in page
    auth.login_as(world.a.student)
    page = client.get(f"/{world.a.slug}/notifications").get_data(as_text=True)
    assert "publishes feedback" in page


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(world, auth, client):
    plan_id = _plan(world)
    _publish(world, plan_id)
    [notice] = notifications_of(world.a.student)
    auth.login_as(world.a.student)
    response = client.post(f"/{world.a.slug}/notifications/{notice.id}/open")
    assert response.status_code == 302
    assert response.location == page_of(world.a, plan_id)
    assert client.get(response.location).status_code == 200
    [notice] = notifications_of(world.a.student)
    assert notice.read_at is not None
    first = notice.read_at
    client.post(f"/{world.a.slug}/notifications/{notice.id}/open")  # again: no change
    assert notifications_of(world.a.student)[0].read_at == first


def test_mark_one_read(world, auth, client):
    plan_id = _plan(world)
    _publish(world, plan_id, times=2)
    first, second = notifications_of(world.a.student)
    auth.login_as(world.a.student)
    response = client.post(f"/{world.a.slug}/notifications/{first.id}/read")
    assert response.location == f"/{world.a.slug}/notifications"
    first, second = notifications_of(world.a.student)
    assert first.read_at is not None and second.read_at is None
    page = client.get(f"/{world.a.slug}/notifications").get_data(as_text=True)
    assert "1 unread" in page


def test_mark_all_read_spares_what_arrived_after_the_page(world, auth, client):
    plan_id = _plan(world)
    _publish(world, plan_id, times=2)
    shown = notifications_of(world.a.student)[-1].id
    _publish(world, plan_id)  # arrives while the page is open
    auth.login_as(world.a.student)
    client.post(f"/{world.a.slug}/notifications/read", data={"up_to": shown})
    states = [n.read_at is not None for n in notifications_of(world.a.student)]
    assert states == [True, True, False]


def test_bad_input_changes_nothing(world, auth, client):
    plan_id = _plan(world)
    _publish(world, plan_id)
    auth.login_as(world.a.student)
    for value in ("", "abc", "-1", str(2**40)):
        response = client.post(f"/{world.a.slug}/notifications/read", data={"up_to": value})
        assert response.status_code == 302
        assert "Nothing was changed" in client.get(response.location).get_data(as_text=True)
    assert notifications_of(world.a.student)[0].read_at is None


def test_someone_elses_notification_is_a_404_in_the_same_institution(world, auth, client):
    plan_id = _plan(world)
    _publish(world, plan_id)
    [notice] = notifications_of(world.a.student)
    auth.login_as(world.a.advisor)
    for action in ("open", "read"):
        response = client.post(f"/{world.a.slug}/notifications/{notice.id}/{action}")
        assert response.status_code == 404
    assert notifications_of(world.a.student)[0].read_at is None


def test_forms_need_a_csrf_token(app, world, auth, client, monkeypatch):
    plan_id = _plan(world)
    _publish(world, plan_id)
    [notice] = notifications_of(world.a.student)
    auth.login_as(world.a.student)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    for path in (f"{notice.id}/open", f"{notice.id}/read"):
        client.post(f"/{world.a.slug}/notifications/{path}")
    client.post(f"/{world.a.slug}/notifications/read", data={"up_to": notice.id})
    client.post(f"/{world.a.slug}/notifications/settings", data={"published": "in_app"})
    assert notifications_of(world.a.student)[0].read_at is None
    assert db.session.scalars(select(NotificationPreference)).all() == []


def _settings(client, world):
    page = client.get(f"/{world.a.slug}/notifications/settings").get_data(as_text=True)
    return page, re.search(r'name="version" type="hidden" value="([^"]+)"', page).group(1)


def test_choices_are_per_kind_and_per_role(world, auth, client):
    auth.login_as(world.a.student)
    page, version = _settings(client, world)
    assert "Feedback on your blueprint is published" in page
    assert "A blueprint is submitted for review" not in page
    assert page.count("<fieldset") == 3 and page.count("<legend>") == 3
    response = client.post(
        f"/{world.a.slug}/notifications/settings",
        data={"version": version, "published": "digest", "claimed": "in_app", "replied": "email"},
    )
    assert response.status_code == 302
    rows = db.session.execute(
        select(NotificationPreference.kind, NotificationPreference.delivery)
    ).all()
    assert set(rows) == {(Kind.PUBLISHED, Delivery.DIGEST), (Kind.CLAIMED, Delivery.IN_APP)}
    page, _ = _settings(client, world)
    assert re.search(r'value="digest"[^>]*checked|checked[^>]*value="digest"', page)
    auth.login_as(world.a.advisor)
    page, _ = _settings(client, world)
    assert "A blueprint is submitted for review" in page and page.count("<fieldset") == 4


def test_a_save_from_an_outdated_page_is_refused(world, auth, client):
    auth.login_as(world.a.student)
    _, version = _settings(client, world)
    data = {"version": version, "published": "digest", "claimed": "email", "replied": "email"}
    assert client.post(f"/{world.a.slug}/notifications/settings", data=data).status_code == 302
    stale = {**data, "published": "in_app"}
    response = client.post(f"/{world.a.slug}/notifications/settings", data=stale)
    assert response.status_code == 409
    assert "changed elsewhere" in response.get_data(as_text=True)
    [row] = db.session.scalars(select(NotificationPreference)).all()
    db.session.refresh(row)
    assert row.delivery is Delivery.DIGEST


def test_an_unknown_choice_changes_nothing(world, auth, client):
    auth.login_as(world.a.student)
    _, version = _settings(client, world)
    data = {"version": version, "published": "pigeon", "claimed": "email", "replied": "email"}
    response = client.post(f"/{world.a.slug}/notifications/settings", data=data)
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.scalars(select(NotificationPreference)).all() == []
