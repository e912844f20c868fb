"""The members list: statuses, search, filters, pages, and a fixed number of queries."""

from __future__ import annotations

import pytest

from careercenter.extensions import db
from careercenter.tenancy.models import Role

from .. import factories


def _names(page: str, candidates) -> set[str]:
    """Return which of `candidates` appear in the page's table of members."""
    table = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in page else ""
    return {name for name in candidates if name in table}


@pytest.fixture
def people(world, arrange):
    """Alpha gets an invited person, a deactivated one and two international names."""
    inst = world.a.institution
    return {
        "invited": factories.create_member(
            inst, Role.STUDENT, name="Ingrid Invited", password=None, invited=True
        ),
        "gone": factories.create_member(inst, Role.ADVISOR, name="Gustav Gone", active=False),
        "lucja": factories.create_member(
            inst, Role.STUDENT, name="Łucja Wiśniewska", email="lucja@uni.example"
        ),
        "minh": factories.create_member(inst, Role.STUDENT, name="Nguyễn Thị Minh"),
    }


def test_lists_members_with_role_and_status(world, people, auth, client):
    auth.login_as(world.a.admin)
    page = client.get(f"/{world.a.slug}/members").get_data(as_text=True)
    assert "Łucja Wiśniewska" in page and "Nguyễn Thị Minh" in page
    assert "Ingrid Invited" in page and "Gustav Gone" in page
    assert "Invited" in page and "Deactivated" in page and "Never" in page
    assert world.b.admin.user.name not in page  # the other institution's people stay out
    assert "<caption" in page and 'scope="col"' in page


def test_search_by_name_or_email(world, people, auth, client):
    auth.login_as(world.a.admin)
    by_name = client.get(f"/{world.a.slug}/members?q=Wiśniew").get_data(as_text=True)
    assert "Łucja Wiśniewska" in by_name and "Nguyễn Thị Minh" not in by_name
    by_email = client.get(f"/{world.a.slug}/members?q=LUCJA@UNI").get_data(as_text=True)
    assert "Łucja Wiśniewska" in by_email and "Ingrid Invited" not in by_email
    wildcard = client.get(f"/{world.a.slug}/members?q=%25").get_data(as_text=True)
    assert "No members match" in wildcard  # % is searched literally, not as a wildcard


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("status=invited", {"Ingrid Invited"}, {"Gustav Gone", "Łucja Wiśniewska"}),
        ("status=deactivated", {"Gustav Gone"}, {"Ingrid Invited", "Łucja Wiśniewska"}),
        ("status=active", {"Łucja Wiśniewska"}, {"Ingrid Invited", "Gustav Gone"}),
        ("role=advisor", {"Gustav Gone", "alpha advisor"}, {"Łucja Wiśniewska"}),
        ("role=student&status=active", {"Nguyễn Thị Minh"}, {"Ingrid Invited", "alpha admin"}),
        ("role=nonsense", {"Gustav Gone", "Łucja Wiśniewska"}, set()),
    ],
)
def test_filters(query, shown, hidden, world, people, auth, client):
    auth.login_as(world.a.admin)
    page = client.get(f"/{world.a.slug}/members?{query}").get_data(as_text=True)
    assert _names(page, shown) == shown
    assert not _names(page, hidden)


def test_pagination_keeps_filters(world, arrange, auth, client, app):
    for n in range(7):
        factories.create_member(world.a.institution, Role.STUDENT, name=f"Zed Student {n}")
    app.config["MEMBERS_PER_PAGE"] = 3
    try:
        auth.login_as(world.a.admin)
        first = client.get(f"/{world.a.slug}/members?q=Zed").get_data(as_text=True)
        assert "Showing 1–3 of 7 members" in first
        assert f"/{world.a.slug}/members?page=2&amp;q=Zed" in first
        last = client.get(f"/{world.a.slug}/members?q=Zed&page=3").get_data(as_text=True)
        assert "Zed Student 6" in last and "Zed Student 0" not in last
        beyond = client.get(f"/{world.a.slug}/members?q=Zed&page=99")
        assert beyond.status_code == 200
    finally:
        app.config["MEMBERS_PER_PAGE"] = 25


def test_empty_filter_result_says_so(world, auth, client):
    auth.login_as(world.a.admin)
    page = client.get(f"/{world.a.slug}/members?q=nobody-like-this").get_data(as_text=True)
    assert "No members match" in page and "Clear the filters" in page


def _add_members(institution, count):
    users = [
        factories.User(email=f"bulk{i}@{institution.slug}.example", name=f"Bulk {i}")
        for i in range(count)
    ]
    db.session.add_all(users)
    db.session.flush()
    with factories.tenant_scope(institution):
        for i, user in enumerate(users):
            db.session.add(
                factories.Membership(user_id=user.id, role=Role.STUDENT, active=i % 5 != 0)
            )
        db.session.commit()


def test_constant_number_of_queries(world, arrange, auth, client, app, count_queries):
    app.config["MEMBERS_PER_PAGE"] = 100
    try:
        auth.login_as(world.a.admin)
        url = f"/{world.a.slug}/members"
        with count_queries() as small:
            assert client.get(url).status_code == 200
        _add_members(world.a.institution, 60)
        with count_queries() as large:
            page = client.get(url).get_data(as_text=True)
        assert "Bulk 59" in page
        assert len(small) == len(large), (len(small), len(large))
    finally:
        app.config["MEMBERS_PER_PAGE"] = 25


def test_admins_see_the_nav_and_home_links(world, auth, client):
    auth.login_as(world.a.admin)
    home = client.get(f"/{world.a.slug}/").get_data(as_text=True)
    for link in ("/members", "/settings", "/audit", "/members/invite", "/members/import"):
        assert f'href="/{world.a.slug}{link}"' in home
    auth.logout()
    auth.login_as(world.a.advisor)
    page = client.get(f"/{world.a.slug}/").get_data(as_text=True)
    assert f'href="/{world.a.slug}/members"' not in page


@pytest.mark.parametrize("role", ["advisor", "student"])
def test_other_roles_cannot_reach_member_pages_or_actions(role, world, auth, client, arrange):
    auth.login_as(world.a.member(role))
    target = world.a.student.id
    assert client.get(f"/{world.a.slug}/members/{target}").status_code == 403
    for action in ("role", "deactivate", "reactivate", "resend"):
        url = f"/{world.a.slug}/members/{target}/{action}"
        response = client.post(url, data={"version": 1, "role": "admin"})
        assert response.status_code == 403, action
    db.session.expire_all()
    with factories.tenant_scope(world.a.institution):
        member = db.session.get(factories.Membership, target)
        assert member.role is Role.STUDENT and member.active
