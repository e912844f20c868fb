"""Single sign-on in Chromium: a student signs in through the test SAML IdP and lands on their
home; the new pages pass axe-core at desktop width and at 390 px."""

from __future__ import annotations

import pytest

from careercenter.sso import saml
from careercenter.sso.models import STUDENTS_JOIN
from careercenter.tenancy.models import Role

from .. import factories
from ..servers import serving
from ..sso.conftest import connect_saml
from ..sso.saml_idp import Person, TestIdp, make_key_pair, xmlsec_missing
from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

STUDENT = Person(
    "ada@northfield.edu", "ada@northfield.edu", "Ada Lovelace", ["student@northfield.edu"]
)


@pytest.fixture
def idp(app, _arrange_app, live_server, tmp_path):
    """pysaml2's IdP, knowing the live server's Northfield service provider."""
    why = xmlsec_missing()
    if why:
        pytest.skip(why)
    key, cert = make_key_pair(tmp_path, "sp")
    keys = ("SSO_SP_KEY_FILE", "SSO_SP_CERT_FILE")
    saved = [{k: each.config.get(k) for k in keys} for each in (app, _arrange_app)]
    for each in (app, _arrange_app):
        each.config.update(SSO_SP_KEY_FILE=key, SSO_SP_CERT_FILE=cert)
    with app.test_request_context(base_url=live_server):
        sp_metadata = [saml.metadata_xml("northfield")]
    holder: dict[str, TestIdp] = {}

    def dispatch(environ, start_response):
        return holder["idp"].wsgi(environ, start_response)

    try:
        with serving(dispatch) as base:
            holder["idp"] = TestIdp(base, tmp_path, sp_metadata)
            yield holder["idp"]
    finally:
        for each, values in zip((app, _arrange_app), saved, strict=True):
            each.config.update(values)


@pytest.fixture
def northfield(arrange, idp):
    institution = factories.create_institution("northfield", "Northfield University")
    admin = factories.create_member(institution, Role.ADMIN, email="admin@northfield.edu")
    factories.create_member(institution, Role.STUDENT, email="cleo@northfield.edu")
    connect_saml(
        institution,
        idp,
        newcomers=STUDENTS_JOIN,
        affiliation_scope="northfield.edu",
        break_glass="admin@northfield.edu",
    )
    return institution, admin


@pytest.mark.parametrize("width", [1280, 390])
def test_student_signs_in_through_the_university(page, idp, northfield, width):
    page.set_viewport_size({"width": width, "height": 900})
    idp.person = STUDENT
    page.goto("/login")
    assert_accessible(page, f"login with SSO at {width}px")
    page.get_by_label("Your institution").fill("North")
    page.get_by_label("Your institution").press("Enter")
    page.wait_for_load_state()
    assert_accessible(page, f"institution search at {width}px")
    page.get_by_role("link", name="Sign in with Northfield University").click()
    page.get_by_role("button", name="Continue to Career Center").click()
    page.wait_for_url("**/northfield/")
    assert "How Career Center helps" in page.content()  # the student's home
    # The browser remembers the university for next time.
    page.context.clear_cookies(name="session")
    page.goto("/login")
    remembered = page.get_by_role("button", name="Continue with Northfield University")
    assert remembered.is_visible()


@pytest.mark.parametrize("width", [1280, 390])
def test_linking_refusal_and_admin_pages_pass_axe(page, idp, northfield, width):
    page.set_viewport_size({"width": width, "height": 900})
    idp.person = Person("cleo@northfield.edu", "cleo@northfield.edu", "Cleo", [])
    page.goto("/sso/northfield/start")
    page.get_by_role("button", name="Continue to Career Center").click()
    page.wait_for_url("**/sso/northfield/link")
    assert_accessible(page, f"link an account at {width}px")
    page.get_by_label("Password of your Career Center account").fill(factories.PASSWORD)
    page.get_by_label("Password of your Career Center account").press("Enter")
    page.wait_for_url("**/northfield/")
    page.context.clear_cookies()
    response = page.goto("/sso/northfield/oidc/callback?state=x")  # a SAML campus: refused
    assert response is not None and response.status == 403
    assert_accessible(page, f"refused sign-in at {width}px")
    sign_in(page, northfield[1].user.email)
    for path in ("/northfield/settings/sso", "/northfield/settings/sso/test"):
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert_accessible(page, f"{path} at {width}px")
