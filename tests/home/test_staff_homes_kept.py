"""The admin and advisor homes are kept: their counts under the institution's review queue
version, their content HTML by what it shows. A repeated view reads and renders none of it;
every write that changes what they show shows at once, in its institution only, and an
advisor only ever sees the cohorts they follow."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from sqlalchemy import delete, update

from careercenter.cohorts.models import Cohort, CohortAdvisor, CohortStatus, CohortStudent
from careercenter.extensions import db
from careercenter.home import routes
from careercenter.reviews import counts
from careercenter.tenancy.models import Membership, Role, utcnow
from careercenter.tenancy.scoping import tenant_scope

from .. import factories

TILE = re.compile(r'<span class="stat-value">(\d+)</span><span class="stat-label">([^<]+)</span>')
CARD = re.compile(
    r"<strong>([^<]+)</strong></a> <span class=\"muted\">([^<]*)</span>\s*"
    r'<span class="pill">(\d+) students?</span>'
)


def _tiles(client, slug: str) -> dict[str, int]:
    page = client.get(f"/{slug}/").get_data(as_text=True)
    return _by_plural(TILE.findall(page))


def _by_plural(tiles: list[tuple[str, str]]) -> dict[str, int]:
    """Key the tiles by their plural label ("1 student" is "students": 1), checking that each
    label agrees with its number."""
    found = {}
    for value, label in tiles:
        count, words = int(value), label.split(" ")
        noun = 0 if words[-1] == "review" else -1  # "blueprint(s) to review": the noun first
        if not words[noun].endswith("s"):
            words[noun] += "s"
        plural = " ".join(words)
        assert (label == plural) == (count != 1), f"{count} {label}"
        found[plural] = count
    return found


def _glance(client, slug: str) -> tuple[dict[str, int], list[str]]:
    """Return the admin home's tiles and its notes (invitations, deactivated memberships)."""
    page = client.get(f"/{slug}/").get_data(as_text=True)
    notes = re.findall(r"<li>([^<]+)</li>", page)
    return _by_plural(TILE.findall(page)), notes


def _cards(client, slug: str) -> list[tuple[str, str, int]]:
    page = client.get(f"/{slug}/").get_data(as_text=True)
    return [(name, term, int(n)) for name, term, n in CARD.findall(page)]


def _in(tenant, change: Callable[[], object]) -> None:
    with tenant_scope(tenant.institution):
        change()
        db.session.commit()


def test_a_repeated_view_reads_and_renders_nothing_but_the_signed_in_person(
    world, auth, client, count_queries, monkeypatch
):
    routes.staff_homes.clear()  # kept by value: an earlier test may have shown the same
    renders = []
    real = routes.staff_homes.put
    monkeypatch.setattr(routes.staff_homes, "put", lambda k, v: (renders.append(k), real(k, v)))
    for role in ("admin", "advisor"):
        auth.login_as(world.a.member(role))
        client.get(f"/{world.a.slug}/")  # shows what signing in and out flashed
        first = _main(client, world.a.slug)
        with count_queries() as statements:
            again = _main(client, world.a.slug)
        assert len(statements) == 1  # the signed-in person, institution and membership
        assert again == first
        auth.logout()
    assert len(renders) == 2


def _main(client, slug: str) -> str:
    page = client.get(f"/{slug}/").get_data(as_text=True)
    return page[page.index("<main") : page.index("</main>")]


def _member(tenant, **fields) -> Membership:
    return factories.create_member(tenant.institution, **fields)


def _set(model, id_: int, **values) -> Callable[[], None]:
    def change() -> None:
        row = db.session.get(model, id_)
        for name, value in values.items():
            setattr(row, name, value)

    return change


# What an admin can change of a member or cohort (the invitee is `i`, an accepted student `s`).
ADMIN_CHANGES = {
    "deactivated": lambda t, i, s: _set(Membership, s.id, active=False)(),
    "declined": lambda t, i, s: _set(Membership, i.id, declined_at=utcnow())(),
    "accepted": lambda t, i, s: _set(Membership, i.id, accepted_at=utcnow(), active=True)(),
    "role": lambda t, i, s: _set(Membership, s.id, role=Role.ADVISOR)(),
    "removed": lambda t, i, s: db.session.delete(db.session.get(Membership, s.id)),
    "archived": lambda t, i, s: _set(Cohort, t.cohort.id, status=CohortStatus.ARCHIVED)(),
    "bulk": lambda t, i, s: db.session.execute(
        update(Membership).where(Membership.id == s.id).values(active=False)
    ),
}


@pytest.mark.parametrize("change", sorted(ADMIN_CHANGES))
def test_admin_home_follows_every_change_at_once(world, auth, client, arrange, change):
    invited = _member(world.a, password=None, invited=True)
    student = _member(world.a)
    auth.login_as(world.a.admin)
    before = _glance(client, world.a.slug)
    assert before == _glance(client, world.a.slug)  # kept
    _in(world.a, lambda: ADMIN_CHANGES[change](world.a, invited, student))
    assert _glance(client, world.a.slug) != before


def test_admin_home_counts_new_members_and_cohorts_at_once(world, auth, client, arrange):
    auth.login_as(world.a.admin)
    assert _tiles(client, world.a.slug)["students"] == 1
    _member(world.a)
    assert _tiles(client, world.a.slug)["students"] == 2
    factories.create_cohort(world.a.institution)
    assert _tiles(client, world.a.slug)["active cohorts"] == 2


def test_admin_home_through_the_members_and_cohorts_pages(world, auth, client, arrange):
    student = _member(world.a)
    auth.login_as(world.a.admin)
    slug = world.a.slug
    assert _tiles(client, slug)["students"] == 2
    response = client.post(
        f"/{slug}/members/{student.id}/deactivate", data={"version": student.version}
    )
    assert response.status_code == 302
    page = client.get(f"/{slug}/").get_data(as_text=True)
    assert "1 deactivated membership." in page
    assert client.post(f"/{slug}/cohorts/{world.a.cohort.id}/archive").status_code == 302
    assert _tiles(client, slug)["active cohorts"] == 0


ADVISOR_CHANGES = {
    "renamed": (
        lambda t: _set(Cohort, t.cohort.id, name="Renamed")(),
        lambda cards: cards == [("Renamed", "Fall 2026", 1)],
    ),
    "term": (
        lambda t: _set(Cohort, t.cohort.id, term="Spring 2027")(),
        lambda cards: cards[0][1] == "Spring 2027",
    ),
    "archived": (
        lambda t: _set(Cohort, t.cohort.id, status=CohortStatus.ARCHIVED)(),
        lambda cards: cards == [],
    ),
    "unassigned": (
        lambda t: db.session.execute(
            delete(CohortAdvisor).where(CohortAdvisor.membership_id == t.advisor.id)
        ),
        lambda cards: cards == [],
    ),
    "unenrolled": (
        lambda t: db.session.execute(
            delete(CohortStudent).where(CohortStudent.membership_id == t.student.id)
        ),
        lambda cards: cards[0][2] == 0,
    ),
}


@pytest.mark.parametrize("change", sorted(ADVISOR_CHANGES))
def test_advisor_home_follows_every_cohort_change_at_once(world, auth, client, arrange, change):
    apply, shows = ADVISOR_CHANGES[change]
    auth.login_as(world.a.advisor)
    before = _cards(client, world.a.slug)
    assert before == [(world.a.cohort.name, "Fall 2026", 1)] == _cards(client, world.a.slug)
    _in(world.a, lambda: apply(world.a))
    assert shows(_cards(client, world.a.slug))


def test_each_advisor_sees_only_the_cohorts_they_follow(world, auth, client, arrange):
    other = _member(world.a, role=Role.ADVISOR)
    factories.create_cohort(world.a.institution, name="Not yours", advisors=[other])
    auth.login_as(world.a.advisor)
    mine = _cards(client, world.a.slug)
    auth.logout()
    auth.login_as(other)
    assert [name for name, _, _ in _cards(client, world.a.slug)] == ["Not yours"]
    auth.logout()
    auth.login_as(world.a.advisor)
    assert _cards(client, world.a.slug) == mine and "Not yours" not in str(mine)


def test_the_same_counts_in_another_institution_show_its_own_page(world, auth, client):
    # Both institutions of the test world have the same counts and the same kind of cohort.
    pages = {}
    for tenant in (world.a, world.b):
        for role in ("admin", "advisor"):
            auth.login_as(tenant.member(role))
            pages[tenant.slug, role] = client.get(f"/{tenant.slug}/").get_data(as_text=True)
            auth.logout()
    for role in ("admin", "advisor"):
        a, b = pages[world.a.slug, role], pages[world.b.slug, role]
        assert world.a.institution.name in a and world.a.institution.name not in b
        assert f'href="/{world.b.slug}/reviews"' in b and f"/{world.a.slug}/" not in b
    assert world.a.cohort.name not in pages[world.b.slug, "advisor"]


def test_an_uncommitted_change_is_neither_kept_nor_served(world, app, arrange):
    with app.test_request_context(), tenant_scope(world.a.institution):
        from flask import g

        from careercenter.home.summary import admin_summary

        g.institution = db.session.get(type(world.a.institution), world.a.institution.id)
        assert admin_summary()["students"] == 1
        db.session.get(Membership, world.a.student.id).active = False
        db.session.flush()
        assert counts.key("admin home") is None
        assert admin_summary()["inactive"] == 1  # read around the kept counts
        db.session.rollback()
        assert admin_summary()["inactive"] == 0


def test_two_admins_with_the_same_counts_each_see_their_own_name(world, auth, client, arrange):
    second = _member(world.a, role=Role.ADMIN, name="Second Admin")
    auth.login_as(world.a.admin)
    first = _main(client, world.a.slug)
    auth.logout()
    auth.login_as(second)
    page = _main(client, world.a.slug)
    assert "Welcome, Second Admin." in page and "Welcome, Second Admin." not in first
