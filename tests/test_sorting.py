"""People are listed in reading order: case and accents ignored, on SQLite and PostgreSQL."""

from __future__ import annotations

from careercenter.sorting import name_key
from careercenter.tenancy.models import Role

from . import factories

NAMES = [
    "Zoë Adams",
    "łucja Wiśniewska",
    "Émile Zola",
    "anna Berg",
    "Nguyễn Thị Minh",
    "Øystein Lie",
]
EXPECTED = [
    "anna Berg",
    "Émile Zola",
    "łucja Wiśniewska",
    "Nguyễn Thị Minh",
    "Øystein Lie",
    "Zoë Adams",
]


def _order(page: str, names) -> list[str]:
    return sorted(names, key=page.index)


def test_name_key_ignores_case_and_accents():
    assert sorted(NAMES, key=name_key) == EXPECTED
    assert name_key("Łucja") < name_key("Zoë") < name_key("zz")


def test_members_list_sorts_by_reading_order(world, arrange, auth, client):
    for name in NAMES:
        factories.create_member(world.a.institution, Role.STUDENT, name=name)
    auth.login_as(world.a.admin)
    page = client.get(f"/{world.a.slug}/members?role=student").get_data(as_text=True)
    assert _order(page, NAMES) == EXPECTED


def test_members_list_pages_follow_the_same_order(app, monkeypatch, world, arrange, auth, client):
    for name in NAMES:
        factories.create_member(world.a.institution, Role.STUDENT, name=name)
    monkeypatch.setitem(app.config, "MEMBERS_PER_PAGE", 2)
    auth.login_as(world.a.admin)
    seen = []
    for number in (1, 2, 3, 4):
        page = client.get(f"/{world.a.slug}/members?role=student&page={number}").get_data(
            as_text=True
        )
        seen += _order(page, [n for n in NAMES if n in page])
    assert [n for n in seen if n in NAMES] == EXPECTED


def test_dashboard_and_cohort_people_sort_by_reading_order(world, arrange, auth, client):
    students = [factories.create_member(world.a.institution, Role.STUDENT, name=n) for n in NAMES]
    cohort = factories.create_cohort(
        world.a.institution, advisors=[world.a.advisor], students=students
    )
    auth.login_as(world.a.admin)
    dashboard = client.get(f"/{world.a.slug}/cohorts/{cohort.id}").get_data(as_text=True)
    assert _order(dashboard, NAMES) == EXPECTED
    people = client.get(f"/{world.a.slug}/cohorts/{cohort.id}/people").get_data(as_text=True)
    table = people.split("<tbody>", 1)[1]
    assert _order(table, NAMES) == EXPECTED
