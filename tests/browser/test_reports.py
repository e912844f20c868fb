"""Reports in Chromium: an admin filters, downloads the CSV and the PDF, starts a large export
and watches its progress; axe-core on every page, at desktop width and at 390 px."""

from __future__ import annotations

import csv
import io

import pytest
from pypdf import PdfReader

from careercenter.extensions import db
from careercenter.reports.models import Export, ExportStatus
from careercenter.tenancy.models import Institution
from careercenter.tenancy.scoping import tenant_scope

from .. import factories
from ..reports.fixture import build
from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _set_threshold(institution_id: int, value: int) -> None:
    institution = db.session.get(Institution, institution_id)
    institution.export_background_threshold = value
    db.session.commit()


def _downloaded(page, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    path = info.value.path()
    with open(path, "rb") as file:
        return file.read()


def test_admin_filters_downloads_and_exports(page, world, arrange, browser, live_server):
    fx = build(world)
    t = fx.tenant
    sign_in(page, t.admin.user.email)
    page.goto(f"/{t.slug}/reports")
    assert page.get_by_text("7 students").first.is_visible()
    assert_accessible(page, "reports")
    page.get_by_label("Term").select_option("Spring 2027")
    page.get_by_role("button", name="Apply filters").click()
    assert page.get_by_text("Term: Spring 2027").first.is_visible()
    assert "term=Spring+2027" in page.url
    assert_accessible(page, "filtered report")

    body = _downloaded(page, "Students (CSV)").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body, newline="")))
    assert len(rows) == 1 + 3 and rows[0][0] == "Name"
    aggregate = _downloaded(page, "Aggregate counts only (CSV)").decode("utf-8-sig")
    assert "Suppression rule" in aggregate and "<10" in aggregate
    pdf = PdfReader(io.BytesIO(_downloaded(page, "Report (PDF)")))
    assert "Eve" in "".join(p.extract_text() for p in pdf.pages)

    # Over the threshold, the PDF is prepared in the background.
    _set_threshold(t.institution.id, 2)
    page.get_by_role("link", name="Report (PDF)").click()
    assert_accessible(page, "prepare the PDF")
    page.get_by_role("button", name="Prepare the PDF").click()
    progress = page.locator("progress#export-progress")
    assert progress.get_attribute("value") == "100"
    assert_accessible(page, "export ready")
    pdf = PdfReader(io.BytesIO(_downloaded(page, "Download the PDF")))
    assert len(pdf.pages) >= 2

    # A running export's page follows it without reloading (static JS polling the status).
    with tenant_scope(t.institution):
        export = factories.add_export(t.admin.id, filename="readiness-test.pdf")
        db.session.commit()
        export_id = export.id
    page.goto(f"/{t.slug}/reports/exports/{export_id}")
    assert progress.get_attribute("value") == "40"
    assert page.get_by_role("link", name="Refresh").is_visible()
    assert not page.get_by_role("link", name="Download the PDF").is_visible()
    assert_accessible(page, "export in progress")
    with tenant_scope(t.institution):
        running = db.session.get(Export, export_id)
        running.status, running.progress, running.step = ExportStatus.DONE, 100, "Ready"
        running.data = b"%PDF-1.4"
        db.session.commit()
    page.get_by_role("link", name="Download the PDF").wait_for(state="visible")
    assert progress.get_attribute("value") == "100"
    assert page.locator("#export-step").inner_text() == "Ready"

    page.goto(f"/{t.slug}/cohorts/{fx.cohort_b.id}/report")
    assert_accessible(page, "cohort report")
    page.goto(f"/{t.slug}/settings/reports")
    assert_accessible(page, "report settings")

    narrow = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    phone = narrow.new_page()
    try:
        sign_in(phone, t.admin.user.email)
        for path in ("/reports", f"/reports/exports/{export_id}", "/settings/reports"):
            phone.goto(f"/{t.slug}{path}")
            assert_accessible(phone, f"{path} at 390 px")
            wide = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert wide <= 0, f"{path} is {wide}px too wide"
    finally:
        narrow.close()
