"""The leave-behind PDF: page counts, international names, escaping and the resource sandbox."""

from __future__ import annotations

import io

from pypdf import PdfReader

from careercenter.pdf import STATIC_ROOT, count_pages
from careercenter.plans import document
from careercenter.tenancy.models import Institution
from careercenter.tenancy.scoping import tenant_scope

from .. import factories
from ..pdf import test_pdf
from ..pdf.test_pdf import (
    _connections,
    _images,
    _is_own_temp,
    _opened_paths,
    _spy_render,
)
from .helpers import load_plan, make_plan, overlong_content, typical_content

listener = test_pdf.listener  # the loopback TCP fixture, shared

NAME = "Nguyễn Thị Minh"
EMPLOYER = "Søndergaard & Wiśniewski ApS"


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _pages(world, content) -> int:
    plan_id = make_plan(world.a, content=content)
    plan = load_plan(world.a, plan_id)
    with tenant_scope(world.a.institution):
        counted = document.page_count(document.from_plan(plan), world.a.institution)
    assert counted == plan.page_count  # the count cached on save is the real one
    return counted


def test_typical_plan_fits_one_page(world, arrange):
    assert _pages(world, typical_content(goals=3)) == 1


def test_long_plan_takes_two_pages(world, arrange):
    content = typical_content(goals=6, insiders=0, obstacles=4)
    for goal in content.goals:
        goal.days_60 += ["Agree the definitions with each ward", "Retire the manual fixes"]
    assert _pages(world, content) == 2


def test_overlong_plan_takes_three_or_more(world, arrange):
    assert _pages(world, overlong_content()) >= 3


def test_pdf_shows_international_name_and_employer(world, auth, client, arrange):
    student = factories.create_member(world.a.institution, "student", name=NAME)
    plan_id = make_plan(world.a, student, content=typical_content(), employer=EMPLOYER)
    auth.login_as(student)
    response = client.get(f"/{world.a.slug}/blueprints/{plan_id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    disposition = response.headers["Content-Disposition"]
    assert disposition == (
        'attachment; filename="Nguyen-Thi-Minh-Sondergaard-Wisniewski-ApS-90-day-blueprint.pdf"'
    )
    disposition.encode("ascii")
    text = _text(response.data)
    assert NAME in text and EMPLOYER in text
    assert "Business Analyst" in text and "Days 1–30" in text
    assert count_pages(response.data) == 1


def test_staff_pdf_is_the_latest_revision_owner_pdf_the_draft(world, auth, client, arrange):
    plan_id = make_plan(world.a, content=typical_content(), submit=True)
    plan = load_plan(world.a, plan_id)
    auth.login_as(world.a.student)
    data = {"impact": "Draft-only impact sentence."}
    from .helpers import form_fields

    client.post(
        f"/{world.a.slug}/blueprints/{plan_id}/save",
        data=form_fields(plan.content, plan.version) | data,
    )
    assert "Draft-only impact" in _text(
        client.get(f"/{world.a.slug}/blueprints/{plan_id}.pdf").data
    )
    auth.logout()
    auth.login_as(world.a.advisor)
    staff_text = _text(client.get(f"/{world.a.slug}/blueprints/{plan_id}.pdf").data)
    assert "Draft-only impact" not in staff_text
    assert "Managers plan staffing" in staff_text


def test_hostile_text_loads_nothing_and_shows_literally(world, arrange, listener):
    port = listener.getsockname()[1]
    hostile_img = '<img src="file:///etc/passwd">'
    remote = f'<img src="http://127.0.0.1:{port}/x.png"><link rel="stylesheet" href="https://evil.example/x.css">'
    content = typical_content(goals=1)
    content.impact = hostile_img
    content.goals[0].days_30 = [remote]
    content.research.duties = f"<style>@import url(http://127.0.0.1:{port}/a.css);</style>"
    plan_id = make_plan(world.a, content=content)
    plan = load_plan(world.a, plan_id)
    with tenant_scope(world.a.institution):
        html = document.render_html(document.from_plan(plan), world.a.institution)
        document.render(document.from_plan(plan), world.a.institution)  # warm-up
        data, events = _spy_render(html)
    text = _text(data).replace("\n", "")
    assert hostile_img in text
    assert f"127.0.0.1:{port}/x.png" in text and "@import url(" in text
    assert _images(data) == 0
    assert [e for e in events if e[0] != "open"] == []
    root = STATIC_ROOT.resolve()
    outside = [
        p for p in _opened_paths(events) if not p.is_relative_to(root) and not _is_own_temp(p)
    ]
    assert outside == []
    assert _connections(listener) == 0


def test_institution_colour_is_sanitised(arrange):
    institution = Institution(name="Transient", brand_colour="red;}</style><b>")  # never saved
    doc = document.LeaveBehind("A", "a@x.example", "E", "R", "", "", "", typical_content(), "Draft")
    html = document.render_html(doc, institution)
    assert "red;}" not in html and document.DEFAULT_COLOUR in html
