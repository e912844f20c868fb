"""A page's first tenant row read with the member (`urls.preload_with_membership`): one
statement fewer, and still nothing of another institution."""

from __future__ import annotations


def _dashboard(slug: str, cohort_id: int) -> str:
    return f"/{slug}/cohorts/{cohort_id}"


def test_the_dashboards_cohort_comes_with_the_session_check(world, auth, client, count_queries):
    auth.login_as(world.a.advisor)
    url = _dashboard(world.a.slug, world.a.cohort.id)
    client.get(url)
    with count_queries() as statements:
        page = client.get(url)
    assert page.status_code == 200 and world.a.cohort.name in page.text
    assert not [s for s in statements if s.lstrip().startswith("SELECT cohorts.id")]
    session_check = [s for s in statements if "user_sessions" in s]
    assert len(session_check) == 1 and "cohorts" in session_check[0]


def test_another_institutions_cohort_is_still_not_found(world, auth, client):
    auth.login_as(world.a.advisor)
    assert client.get(_dashboard(world.a.slug, world.b.cohort.id)).status_code == 404
    assert client.get(_dashboard(world.a.slug, 987654)).status_code == 404
    assert client.get(_dashboard(world.a.slug, world.a.cohort.id)).status_code == 200


def test_one_students_page_takes_its_cohort_with_the_member(world, auth, client, count_queries):
    auth.login_as(world.a.advisor)
    url = f"/{world.a.slug}/cohorts/{world.a.cohort.id}/students/{world.a.student.id}"
    client.get(url)
    with count_queries() as statements:
        page = client.get(url)
    assert page.status_code == 200
    assert not [s for s in statements if s.lstrip().startswith("SELECT cohorts.id")]
    other = f"/{world.a.slug}/cohorts/{world.b.cohort.id}/students/{world.a.student.id}"
    assert client.get(other).status_code == 404
