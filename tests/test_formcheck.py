"""A POST whose form does not validate says why and changes nothing (never a silent redirect)."""

from __future__ import annotations

import pytest

from careercenter.cohorts.models import Cohort
from careercenter.extensions import db
from careercenter.formcheck import EXPIRED
from careercenter.tenancy.scoping import tenant_scope

from . import factories
from .conftest import dispose, make_app


@pytest.fixture
def form_csrf_client(db_url):
    """Forms check their own CSRF token (as when the global check is off or a token expired)."""
    app = make_app(db_url, WTF_CSRF_ENABLED=True, WTF_CSRF_CHECK_DEFAULT=False)
    yield app.test_client()
    dispose(app)


def _sign_in(client, email):
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/login", data={"email": email, "password": factories.PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def _cases(world):
    a = world.a
    link = a.cohort.student_links[0] if a.cohort.student_links else None
    return {
        "archive": f"/{a.slug}/cohorts/{a.cohort.id}/archive",
        "join code": f"/{a.slug}/cohorts/{a.cohort.id}/join-code",
        "remove student": f"/{a.slug}/cohorts/{a.cohort.id}/students/{link.id}/remove",
        "deactivate": f"/{a.slug}/members/{a.student.id}/deactivate",
    }


@pytest.mark.parametrize("action", ["archive", "join code", "remove student", "deactivate"])
def test_expired_form_is_reported_and_changes_nothing(form_csrf_client, world, action):
    with tenant_scope(world.a.institution):
        db.session.refresh(world.a.cohort)
        url = _cases(world)[action]
    _sign_in(form_csrf_client, world.a.admin.user.email)
    page = form_csrf_client.post(
        url, data={"action": "regenerate", "version": "1"}, follow_redirects=True
    ).get_data(as_text=True)
    assert EXPIRED in page
    with tenant_scope(world.a.institution):
        cohort = db.session.get(Cohort, world.a.cohort.id)
        assert cohort.is_active and len(cohort.student_links) == 1
        assert world.a.student.active


def test_invalid_choice_is_reported(world, auth, client):
    auth.login_as(world.a.admin)
    page = client.post(
        f"/{world.a.slug}/cohorts/{world.a.cohort.id}/join-code",
        data={"action": "explode"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Nothing was changed" in page


def test_review_with_a_too_long_note_is_reported(world, auth, client):
    version = factories.create_checklist(
        world.a.institution, [{"title": "Mock interview", "needs_verification": True}]
    )
    assignment = factories.assign_checklist(world.a.institution, world.a.cohort, version)
    (item,) = factories.items_of(world.a.institution, version)
    progress = factories.set_progress(world.a.institution, assignment, item, world.a.student)
    auth.login_as(world.a.advisor)
    page = client.post(
        f"/{world.a.slug}/checklists/progress/{progress.id}/review",
        data={
            f"r{progress.id}-version": "1",
            f"r{progress.id}-note": "x" * 2001,
            f"r{progress.id}-decision": "return",
        },
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Nothing was changed" in page and "Note to the student" in page


def test_hidden_inputs_are_written_as_wtforms_renders_them(db_url):
    from flask_wtf import FlaskForm
    from wtforms import HiddenField, StringField

    from careercenter.formcheck import WebForm

    class Mixed(WebForm):
        version = HiddenField()
        marked = HiddenField(render_kw={"data-keep": "1"})
        note = StringField("Note")

    app = make_app(db_url, WTF_CSRF_ENABLED=True)
    try:
        with app.test_request_context("/"):
            form = Mixed(prefix="i3-7", version="4\"<&>'", marked="x")
            fast, wtforms = form.hidden_tag(), FlaskForm.hidden_tag(form)
            assert fast == wtforms
            assert fast.count("<input") == 3 and "i3-7-csrf_token" in fast
            assert 'value="4&#34;&lt;&amp;&gt;&#39;"' in fast
            by_name = form.hidden_tag("version", form.note, "missing")
            assert by_name == FlaskForm.hidden_tag(form, "version", form.note, "missing")
    finally:
        dispose(app)
