"""What the leave-behind shows (contact, research basis, footer), its file name, the hook
draft, and the printable page being the leave-behind's own HTML."""

from __future__ import annotations

import re

import pytest

from careercenter.plans import basis, document
from careercenter.plans.content import (
    ContentError,
    InsiderConversation,
    InsiderRole,
    LeaveBehindChoices,
    PlanDocument,
)
from careercenter.plans.hook import hook_script
from careercenter.tenancy.models import Institution
from careercenter.tenancy.scoping import tenant_scope

from .. import factories
from .helpers import form_fields, load_plan, make_plan, typical_content


def url(world, plan_id, suffix=""):
    return f"/{world.a.slug}/blueprints/{plan_id}{suffix}"


def leave_behind(content, name="Ada Byron", email="ada@uni.example", posting=""):
    return document.LeaveBehind(name, email, "Northwind", "Analyst", posting, "", "", content, "D")


def html_of(doc) -> str:
    return document.render_html(doc, Institution(name="Northfield University"))


def test_research_basis_names_roles_and_titles_never_names_or_notes():
    talks = [
        InsiderConversation(InsiderRole.CURRENT_INCUMBENT, "Sam Lee", "analyst", None, "secret"),
        InsiderConversation(InsiderRole.HIRING_MANAGER, "Jo Park", "Head of BI", None, "x"),
        InsiderConversation(InsiderRole.HIRING_MANAGER, "Kim Ode", "", None, "y"),
        InsiderConversation(InsiderRole.OTHER, "Lu Chen", "Director of Operations", None, "z"),
    ]
    line = basis.research_basis(talks)
    assert line == (
        "Based on conversations with the analyst in the role, the hiring manager and the "
        "Director of Operations."
    )
    assert basis.research_basis(talks[1:2]) == ("Based on a conversation with the hiring manager.")
    assert basis.research_basis([]) == ""
    assert basis.research_basis([InsiderConversation(InsiderRole.DEPARTMENT_MANAGER)]) == (
        "Based on a conversation with the department manager."
    )
    former = InsiderConversation(InsiderRole.FORMER_INCUMBENT, "Al", "Last term's co-op")
    assert basis.research_basis([former, talks[1]]) == (
        "Based on conversations with someone who held the role before and the hiring manager."
    )


def test_choices_decide_contact_basis_and_footer(app):
    content = typical_content()
    with app.test_request_context():
        plain = html_of(leave_behind(content, posting="https://jobs.example/42"))
        assert "student@example.com" in plain  # the email chosen, not the account's
        assert "ada@uni.example" not in plain
        assert "Drawing on:" in plain and "SQL and the dashboard project" in plain
        assert "Based on" not in plain and "jobs.example" not in plain
        assert 'id="footer"' not in plain  # no footer line unless asked for
        content.leave_behind = LeaveBehindChoices(
            email="ada@home.example",
            phone="+44 20 7946 0958",
            link="https://www.linkedin.com/in/ada",
            research_basis=True,
            credit=True,
            posting_link=True,
        )
        chosen = html_of(leave_behind(content, posting="https://jobs.example/42"))
    assert "ada@home.example · +44 20 7946 0958 · https://www.linkedin.com/in/ada" in chosen
    assert "Based on conversations with the Analyst in the role." in chosen
    assert "Sam Lee" not in chosen and "The Monday report" not in chosen
    footer = re.search(r'<div id="footer">(.*?)</div>', chosen).group(1)
    assert footer == (
        "Prepared with the Northfield University career center · Posting: https://jobs.example/42"
    )


def test_a_document_saved_before_the_choices_shows_the_account_email(app):
    content = typical_content()
    content.leave_behind = None
    stored = PlanDocument.from_json(content.to_json(), caps=False)
    assert stored.leave_behind is None and "leave_behind" not in content.to_json()
    with app.test_request_context():
        html = html_of(leave_behind(stored, email="ada@uni.example"))
    assert "ada@uni.example" in html and 'id="footer"' not in html


@pytest.mark.parametrize(
    "choices, message",
    [
        ({"email": "ada at home"}, "email address"),
        ({"phone": "call me"}, "phone number"),
        ({"phone": "12345"}, "phone number"),
        ({"link": "javascript:alert(1)"}, "web link"),
        ({"link": "www.linkedin.com/in/ada"}, "web link"),
    ],
)
def test_contact_details_are_validated(choices, message):
    raw = typical_content().to_json() | {"leave_behind": choices}
    with pytest.raises(ContentError, match=message):
        PlanDocument.from_json(raw)
    assert PlanDocument.from_json(raw, caps=False).leave_behind is not None  # stored: read


def test_the_editor_refuses_a_bad_contact_and_keeps_the_saved_one(world, auth, client, arrange):
    plan_id = make_plan(world.a, content=typical_content())
    auth.login_as(world.a.student)
    plan = load_plan(world.a, plan_id)
    data = form_fields(plan.content, plan.version) | {"contact_phone": "ring me"}
    response = client.post(url(world, plan_id, "/save"), data=data)
    assert response.status_code == 422
    assert "Use a phone number of 7 to 15 digits" in response.get_data(as_text=True)
    assert load_plan(world.a, plan_id).content.leave_behind.phone == ""
    data |= {"contact_phone": "(555) 010-0123", "show_research_basis": "y"}
    assert client.post(url(world, plan_id, "/save"), data=data).status_code == 302
    saved = load_plan(world.a, plan_id).content.leave_behind
    assert (saved.phone, saved.research_basis, saved.credit) == ("(555) 010-0123", True, False)


def test_a_new_blueprint_shows_the_account_email_in_the_editor(world, auth, client, arrange):
    student = factories.create_member(world.a.institution, "student", email="lucja@uni.example")
    plan_id = make_plan(world.a, student)
    auth.login_as(student)
    page = client.get(url(world, plan_id)).get_data(as_text=True)
    assert re.search(r'name="contact_email"[^>]*value="lucja@uni.example"', page)
    assert 'type="tel"' in page and 'type="url"' in page


def test_print_page_is_the_pdf_html_and_leaves_out_names_notes_and_hook(
    world, auth, client, arrange
):
    plan_id = make_plan(world.a, content=typical_content())
    auth.login_as(world.a.student)
    response = client.get(url(world, plan_id, "/print"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    plan = load_plan(world.a, plan_id)
    with tenant_scope(world.a.institution):
        pdf_html = document.render_html(document.from_plan(plan), world.a.institution)

    def body(html: str) -> str:
        text = html.split("<h1>", 1)[1].split("</body>", 1)[0]
        return re.sub(r"\s*</main>\s*", "", text).strip()

    assert body(page) == body(pdf_html)
    assert "Sam Lee" not in page and "The Monday report" not in page
    assert "Could I talk with" not in page and "Set the hook" not in page
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in page  # the leave-behind's styles, allowed by CSP
    assert f'href="/{world.a.slug}/blueprints/{plan_id}"' in page  # back, never printed


@pytest.mark.parametrize(
    "name, employer, expected",
    [
        ("Łucja Wąsowska", "Kraków Ślą", "Lucja-Wasowska-Krakow-Sla-90-day-blueprint.pdf"),
        ("Søren Ærø", "Straße AG", "Soren-AEro-Strasse-AG-90-day-blueprint.pdf"),
        ("Đorđe Þórsson", "Œuvre", "Dorde-Thorsson-OEuvre-90-day-blueprint.pdf"),
        ("李雷", "东方", "90-day-blueprint.pdf"),
    ],
)
def test_download_name_keeps_names_readable(name, employer, expected):
    doc = document.LeaveBehind(name, "", employer, "R", "", "", "", PlanDocument(), "D")
    assert document.download_name(doc) == expected


def test_hook_draft_reads_well_without_anyone_named():
    script = hook_script("Northwind", "  ")
    assert "to to" not in script and "  " not in script
    assert "Could I talk with the person doing this job today and the manager of the team? " in (
        script
    )
    named = hook_script("", "the analyst and the director.")
    assert "with the analyst and the director? I would like" in named and "your team" in named
