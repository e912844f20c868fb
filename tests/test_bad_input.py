"""Malformed input gets a clear message and changes nothing (never a 500)."""

from __future__ import annotations

from sqlalchemy import func, select

from careercenter.auth.models import User
from careercenter.cohorts.models import CohortStudent
from careercenter.extensions import db

from . import factories
from .members.test_csv_import import _upload as upload_members

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
