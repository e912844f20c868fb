"""Malformed input gets a clear message and changes nothing (never a 500)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from careercenter.auth.models import User
from careercenter.cohorts.models import CohortStudent
from careercenter.extensions import db

from . import factories
from .members.test_csv_import import _upload as upload_members
from .plans.helpers import load_plan, make_plan, typical_content

HUGE = "A" * 200_000


def test_malformed_ids_in_checklist_forms_are_refused_cleanly(world, auth, client, arrange):
    draft = factories.create_checklist(world.a.institution, publish=False)
    published = factories.create_checklist(world.a.institution)
    auth.login_as(world.a.admin)
    base = f"/{world.a.slug}/checklists/versions"
    for url, field in (
        (f"{base}/{draft.id}/items", "practice_id"),
        (f"{base}/{published.id}/assign", "cohort_id"),
    ):
        for bad in ("abc", "1e5", "-1", "9" * 40):
            response = client.post(url, data={field: bad, "due_on": "2030-01-01"})
            assert response.status_code in (302, 400), (url, bad, response.status_code)


def test_huge_csv_cell_in_member_import_is_reported(world, auth, client, arrange):
    before = db.session.execute(select(func.count()).select_from(User)).scalar()
    auth.login_as(world.a.admin)
    response = upload_members(
        client, world.a.slug, f'email,name,role\n"a@x.example","{HUGE}",student\n'
    )
    assert response.status_code < 500
    assert "could not be read as CSV" in response.get_data(as_text=True)
    assert db.session.execute(select(func.count()).select_from(User)).scalar() == before


def test_huge_csv_cell_in_cohort_enrolment_is_reported(world, auth, client, arrange):
    import io

    cohort = factories.create_cohort(world.a.institution)
    auth.login_as(world.a.admin)
    data = {"file": (io.BytesIO(f"email\n{HUGE}@x.example\n".encode()), "students.csv")}
    response = client.post(
        f"/{world.a.slug}/cohorts/{cohort.id}/students/import",
        data=data,
        content_type="multipart/form-data",
    )
    assert response.status_code < 500
    assert "could not be read as CSV" in response.get_data(as_text=True)
    count = db.session.execute(
        select(func.count()).select_from(CohortStudent).where(CohortStudent.cohort_id == cohort.id)
    ).scalar()
    assert count == 0


MALFORMED_JSON = {
    "a string": b'"x"',
    "a list": b'["impact", "x"]',
    "null": b"null",
    "truncated": b'{"impact": ',
    "invalid UTF-8": b'{"impact": "\xff\xfe"}',
    "nested past the recursion limit": b"[" * 100_000 + b"]" * 100_000,
    "an object nested 40 deep": b'{"impact": ' + b"[" * 40 + b"]" * 40 + b"}",
}


@pytest.mark.parametrize("body", MALFORMED_JSON.values(), ids=MALFORMED_JSON.keys())
def test_autosave_refuses_malformed_json_and_changes_nothing(world, auth, client, arrange, body):
    plan_id = make_plan(world.a, content=typical_content())
    before = load_plan(world.a, plan_id)
    version, content = before.version, before.content
    auth.login_as(world.a.student)
    response = client.post(
        f"/{world.a.slug}/blueprints/{plan_id}/autosave",
        data=body,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_json"
    assert response.get_json()["message"].startswith("Not saved:")
    db.session.expire_all()
    after = load_plan(world.a, plan_id)
    assert (after.version, after.content) == (version, content)


def test_any_form_route_refuses_a_json_body_that_is_not_an_object(client):
    response = client.post("/login", data=b'"x"', content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_json"


def test_json_nesting_is_measured_without_recursion():
    from careercenter.json_input import depth

    deep: list = []
    for _ in range(50_000):
        deep = [deep]
    assert depth(deep) == 50_001
    assert depth({"goals": [{"day_30": ["Shadow"]}]}) == 4
    assert depth("x") == 0


def test_a_huge_page_number_is_an_empty_page(world, auth, client):
    auth.login_as(world.a.admin)
    for page in (2**63, 10**40, -(2**63)):
        for path in ("audit", "members"):
            response = client.get(f"/{world.a.slug}/{path}?page={page}")
            assert response.status_code == 200, (path, page, response.status_code)
