"""The PDF report and background exports: valid PDF, progress, completion, expiry, refusal."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from careercenter.audit import AuditEvent
from careercenter.extensions import db
from careercenter.reports.background import purge_expired
from careercenter.reports.models import Export
from careercenter.tenancy import clock
from careercenter.tenancy.scoping import tenant_scope
from tests import factories

from .fixture import NOW, build


@pytest.fixture
def fx(world, monkeypatch):
    monkeypatch.setattr(clock, "utc_now", lambda: NOW)
    return build(world)


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_report_is_readable(fx, auth, client, arrange):
    t = fx.tenant
    auth.login_as(t.admin)
    response = client.get(f"/{t.slug}/reports/readiness.pdf?term=Fall+2026")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    pages, text = _text(response.get_data())
    assert 2 <= pages <= 4
    assert t.institution.name in text
    assert "Term: Fall 2026" in text
    assert "Counts from 1 to 9 are hidden" in text
    for name in ("Ada Łucja", "Bo", "Dee", "alpha student"):
        assert name in text
    assert "Eve" not in text  # in the spring cohort only
    assert "page 1" in text and "page 2" in text
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "reports.pdf_exported")
    ).scalar_one()
    assert event.detail["students"] == 5


def test_student_table_repeats_its_header(world, auth, client, arrange):
    t = world.a
    from .test_csv_export import _bulk

    _bulk(t, 120)
    auth.login_as(t.admin)
    pdf = client.get(f"/{t.slug}/cohorts/{t.cohort.id}/readiness.pdf").get_data()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    for page in reader.pages[2:]:
        assert "Last activity" in page.extract_text()


def _start(client, slug, **data):
    page = client.get(f"/{slug}/reports/readiness.pdf")
    assert page.status_code == 202
    assert b"Prepare the PDF" in page.data
    assert b'action="/' + slug.encode() + b'/reports/exports"' in page.data
    return client.post(f"/{slug}/reports/exports", data=data)


def test_large_pdf_goes_to_the_background(fx, auth, client, arrange, app):
    t = fx.tenant
    with tenant_scope(t.institution):
        t.institution.export_background_threshold = 3
        db.session.merge(t.institution)
        db.session.commit()
    auth.login_as(t.admin)
    response = _start(client, t.slug)
    assert response.status_code == 303
    url = response.headers["Location"]
    export_id = int(url.rstrip("/").rsplit("/", 1)[1])
    page = client.get(url).get_data(as_text=True)
    assert "<progress" in page and "export-progress.js" in page
    # Jobs run at once in tests: done, at 100 %.
    status = client.get(f"{url}/status").get_json()
    assert status["status"] == "done" and status["progress"] == 100
    assert status["download_url"].endswith("/download")
    pdf = client.get(status["download_url"])
    assert pdf.status_code == 200
    pages, text = _text(pdf.get_data())
    assert pages >= 2 and "Ada Łucja" in text and "Eve" in text
    export = db.session.get(Export, export_id)
    assert export.students == 7 and export.size == len(pdf.get_data())
    actions = db.session.execute(select(AuditEvent.action)).scalars().all()
    assert "reports.export_requested" in actions and "reports.export_downloaded" in actions
    # Nobody else may see it, not even another admin of the institution.
    other = factories.create_member(t.institution, "admin")
    auth.logout()
    auth.login_as(other)
    for suffix in ("", "/status", "/download"):
        assert client.get(url + suffix).status_code == 404
    # A day later it is gone, then purged.
    auth.logout()
    auth.login_as(t.admin)
    assert export.expires_at.replace(tzinfo=None) == (NOW + timedelta(days=1)).replace(tzinfo=None)
    with tenant_scope(t.institution):
        export.expires_at = NOW - timedelta(seconds=1)
        db.session.merge(export)
        db.session.commit()
    assert client.get(url + "/download").status_code == 404
    assert purge_expired() == 1
    db.session.expire_all()
    assert db.session.get(Export, export_id) is None


def test_progress_while_running(fx, auth, client, arrange):
    t = fx.tenant
    with tenant_scope(t.institution):
        export = factories.add_export(t.admin.id)
        db.session.commit()
    auth.login_as(t.admin)
    status = client.get(f"/{t.slug}/reports/exports/{export.id}/status").get_json()
    assert status == {
        "status": "running",
        "label": "In progress",
        "progress": 40,
        "step": "Laying out pages",
        "download_url": None,
    }
    page = client.get(f"/{t.slug}/reports/exports/{export.id}").get_data(as_text=True)
    assert 'value="40"' in page and "Refresh" in page
    assert client.get(f"/{t.slug}/reports/exports/{export.id}/download").status_code == 404


def test_advisor_cannot_export_another_cohort_in_the_background(fx, auth, client, arrange):
    t = fx.tenant
    auth.login_as(t.advisor)
    response = client.post(f"/{t.slug}/reports/exports", data={"scope_cohort": str(fx.cohort_b.id)})
    assert response.status_code == 404
    assert db.session.execute(select(Export.id)).first() is None


def test_a_failed_render_is_reported(fx, auth, client, arrange, monkeypatch):
    from careercenter.pdf import PdfRenderError
    from careercenter.reports import background

    def broken(*args, **kwargs):
        raise PdfRenderError("boom")

    monkeypatch.setattr(background, "report_pdf", broken)
    t = fx.tenant
    with tenant_scope(t.institution):
        t.institution.export_background_threshold = 3
        db.session.merge(t.institution)
        db.session.commit()
    auth.login_as(t.admin)
    url = _start(client, t.slug).headers["Location"]
    assert client.get(f"{url}/status").get_json()["status"] == "failed"
    page = client.get(url).get_data(as_text=True)
    assert "The export failed" in page
    assert client.get(f"{url}/download").status_code == 404


def test_pdf_renders_are_rate_limited_per_person(world, auth, client, arrange):
    auth.login_as(world.a.advisor)
    for _ in range(10):
        assert client.get(f"/{world.a.slug}/reports/readiness.pdf").status_code == 200
    response = client.get(f"/{world.a.slug}/cohorts/{world.a.cohort.id}/readiness.pdf")
    assert response.status_code == 429  # shared across the PDF endpoints
    assert client.get(f"/{world.a.slug}/reports/readiness.csv").status_code == 200


def test_a_second_click_joins_the_export_under_way(fx, auth, client, arrange, monkeypatch):
    import careercenter.jobs as jobs

    queued = []
    monkeypatch.setattr(jobs, "enqueue", lambda func, *args, **kw: queued.append(args))
    t = fx.tenant
    with tenant_scope(t.institution):
        t.institution.export_background_threshold = 3
        db.session.merge(t.institution)
        db.session.commit()
    auth.login_as(t.admin)
    first = _start(client, t.slug).headers["Location"]
    second = client.post(f"/{t.slug}/reports/exports", data={}).headers["Location"]
    assert first == second and len(queued) == 1
    other = client.post(f"/{t.slug}/reports/exports", data={"term": "Fall 2026"})
    assert other.headers["Location"] != first and len(queued) == 2
