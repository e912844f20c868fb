"""Home pages: what each role sees, in a constant number of queries."""

from __future__ import annotations

from careercenter.readiness import cache

from . import factories


def test_admin_home_counts_people(world, auth, client):
    auth.login_as(world.a.admin)
    page = client.get(f"/{world.a.slug}/").get_data(as_text=True)
    assert "at a glance" in page and world.b.institution.name not in page


def test_advisor_home_lists_only_their_cohorts(world, auth, client, arrange):
    other = factories.create_cohort(world.a.institution, name="Not Mine")
    auth.login_as(world.a.advisor)
    page = client.get(f"/{world.a.slug}/").get_data(as_text=True)
    assert world.a.cohort.name in page and other.name not in page


def test_empty_states(world, auth, client, arrange):
    lonely = factories.create_member(world.a.institution, "advisor")
    auth.login_as(lonely)
    assert "No cohorts yet" in client.get(f"/{world.a.slug}/").get_data(as_text=True)


def _grow(world, n):
    students = [factories.create_member(world.a.institution, "student") for _ in range(n)]
    factories.create_cohort(world.a.institution, advisors=[world.a.advisor], students=students)


def _queries(count_queries, client, url):
    cache.clear()  # the same work at both sizes: computed, not cached
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_home_pages_make_a_constant_number_of_queries(world, auth, client, count_queries, arrange):
    url = f"/{world.a.slug}/"
    before = {}
    for role in ("admin", "advisor", "student"):
        auth.login_as(world.a.member(role))
        before[role] = _queries(count_queries, client, url)
        auth.logout()
    _grow(world, 25)
    for role in ("admin", "advisor", "student"):
        auth.login_as(world.a.member(role))
        assert _queries(count_queries, client, url) == before[role], role
        auth.logout()
