"""The admin's single sign-on settings, the connection test, require-SSO and the login picker."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from careercenter.audit.models import AuditEvent
from careercenter.extensions import db
from careercenter.sso import crypto
from careercenter.sso.fetch import FetchError, check_url
from careercenter.sso.models import SsoConnection, SsoIdentity
from careercenter.tenancy.models import Institution, Role
from careercenter.tenancy.scoping import tenant_scope, unscoped

from .. import factories
from .conftest import connect_oidc
from .providers import CLIENT_SECRET, client_id, local, op_sign_in

BLANK = {
    "protocol": "oidc",
    "oidc_issuer": "",
    "oidc_client_id": "",
    "oidc_client_secret": "",
    "saml_metadata_url": "",
    "saml_metadata": "",
    "id_attribute": "",
    "name_attribute": "displayName",
    "newcomers": "invited",
    "affiliation_scope": "",
    "email_domains": "",
    "break_glass": "",
    "loaded": "0",
}


@pytest.fixture
def northfield(arrange):
    institution = factories.create_institution("northfield", "Northfield University")
    admin = factories.create_member(institution, Role.ADMIN, email="admin@northfield.edu")
    student = factories.create_member(institution, Role.STUDENT, email="stu@northfield.edu")
    return institution, admin, student


def connection_of(institution) -> SsoConnection | None:
    db.session.expire_all()
    with tenant_scope(institution):
        return db.session.execute(select(SsoConnection)).scalar_one_or_none()


def test_admin_sees_what_to_give_the_identity_team(client, auth, northfield, count_queries):
    auth.login_as(northfield[1])
    with count_queries() as statements:
        page = client.get("/northfield/settings/sso")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "http://localhost/sso/northfield/saml/metadata" in text
    assert "http://localhost/sso/northfield/saml/acs" in text
    assert "http://localhost/sso/northfield/oidc/callback" in text
    assert len(statements) <= 4


def test_oidc_settings_discover_the_issuer_and_seal_the_secret(client, auth, northfield, op_issuer):
    institution, admin, _ = northfield
    auth.login_as(admin)
    response = client.post(
        "/northfield/settings/sso",
        data={
            **BLANK,
            "enabled": "y",
            "oidc_issuer": op_issuer,
            "oidc_client_id": client_id("northfield"),
            "oidc_client_secret": CLIENT_SECRET,
        },
    )
    assert response.status_code == 302
    connection = connection_of(institution)
    assert connection.is_ready
    assert connection.oidc_discovery["token_endpoint"].startswith(op_issuer)
    assert CLIENT_SECRET not in connection.oidc_client_secret
    assert crypto.reveal(connection.oidc_client_secret) == CLIENT_SECRET
    with unscoped():
        event = db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "sso.settings_changed")
        ).scalar_one()
    assert "oidc_client_secret" in event.detail["changes"]
    assert CLIENT_SECRET not in str(event.detail)
    # Saving again without typing the secret keeps it.
    client.post(
        "/northfield/settings/sso",
        data={
            **BLANK,
            "enabled": "y",
            "oidc_issuer": op_issuer,
            "oidc_client_id": client_id("northfield"),
            "loaded": str(connection.version),
        },
    )
    assert crypto.reveal(connection_of(institution).oidc_client_secret) == CLIENT_SECRET


def test_a_secret_sealed_under_another_key_reads_as_missing(app, arrange):
    sealed = crypto.seal("s3cret")
    assert crypto.reveal(sealed) == "s3cret"
    app.config["SECRET_KEY"], saved = "another-key", app.config["SECRET_KEY"]
    try:
        with app.app_context():
            assert crypto.reveal(sealed) is None
    finally:
        app.config["SECRET_KEY"] = saved


def test_switching_on_an_incomplete_connection_is_refused(client, auth, northfield):
    auth.login_as(northfield[1])
    page = client.post(
        "/northfield/settings/sso", data={**BLANK, "enabled": "y"}, follow_redirects=True
    )
    assert "before switching it on" in page.get_data(as_text=True)
    assert connection_of(northfield[0]) is None


def test_unreachable_issuer_is_a_clear_message(client, auth, northfield):
    auth.login_as(northfield[1])
    page = client.post(
        "/northfield/settings/sso",
        data={**BLANK, "oidc_issuer": "http://127.0.0.1:9/", "oidc_client_id": "x"},
        follow_redirects=True,
    )
    assert "could not be reached" in page.get_data(as_text=True)
    assert connection_of(northfield[0]) is None


def test_saml_metadata_pasted_or_fetched_by_the_job(client, auth, northfield, saml_idp, runner):
    institution, admin, _ = northfield
    auth.login_as(admin)
    bad = client.post(
        "/northfield/settings/sso",
        data={**BLANK, "protocol": "saml", "saml_metadata": "<not-metadata/>"},
        follow_redirects=True,
    )
    assert "metadata" in bad.get_data(as_text=True) and connection_of(institution) is None
    client.post(
        "/northfield/settings/sso",
        data={**BLANK, "protocol": "saml", "saml_metadata": saml_idp.metadata(), "enabled": "y"},
    )
    connection = connection_of(institution)
    assert connection.saml_idp_entity_id == saml_idp.entity_id and connection.is_ready
    # A URL instead: fetched by the job (eager in tests), then refreshed by the command.
    client.post(
        "/northfield/settings/sso",
        data={
            **BLANK,
            "protocol": "saml",
            "enabled": "y",
            "loaded": str(connection.version),
            "saml_metadata_url": f"{saml_idp.base_url}/metadata",
        },
    )
    connection = connection_of(institution)
    assert connection.metadata_fetched_at is not None and connection.metadata_problem is None
    assert connection.saml_idp_entity_id == saml_idp.entity_id
    result = runner.invoke(args=["sso", "refresh-metadata"])
    assert result.exit_code == 0 and "Queued 1" in result.output
    with tenant_scope(institution):
        connection = connection_of(institution)
        connection.saml_metadata_url = f"{saml_idp.base_url}/nothing-here"
        db.session.commit()
    runner.invoke(args=["sso", "refresh-metadata"])
    connection = connection_of(institution)
    assert "answered 404" in connection.metadata_problem
    assert connection.saml_idp_entity_id == saml_idp.entity_id  # the last good copy stays


def test_saml_without_xmlsec1_says_what_the_operator_must_install(
    client, auth, northfield, monkeypatch
):
    from careercenter.sso import saml

    monkeypatch.setattr(saml, "xmlsec_binary", lambda: None)
    institution, admin, _ = northfield
    auth.login_as(admin)
    page = client.post(
        "/northfield/settings/sso",
        data={**BLANK, "protocol": "saml", "saml_metadata": "<md:EntityDescriptor/>"},
        follow_redirects=True,
    )
    assert "xmlsec1" in page.get_data(as_text=True) and connection_of(institution) is None


def test_outbound_fetches_are_https_only_outside_tests(app):
    with app.app_context():
        assert check_url("http://127.0.0.1/x") == "http://127.0.0.1/x"
        app.config["SSO_ALLOW_HTTP"] = False
        try:
            with pytest.raises(FetchError):
                check_url("http://idp.example.edu/metadata")
            with pytest.raises(FetchError):
                check_url("file:///etc/passwd")
            assert check_url("https://idp.example.edu/metadata")
        finally:
            app.config["SSO_ALLOW_HTTP"] = True


def test_a_save_from_an_outdated_page_is_refused(client, auth, northfield, op_issuer):
    institution, admin, _ = northfield
    connect_oidc(institution, op_issuer)
    auth.login_as(admin)
    page = client.post(
        "/northfield/settings/sso",
        data={**BLANK, "oidc_issuer": op_issuer, "oidc_client_id": "changed", "loaded": "0"},
        follow_redirects=True,
    )
    assert "Someone else changed" in page.get_data(as_text=True)
    assert connection_of(institution).oidc_client_id == client_id("northfield")


def test_test_connection_shows_what_the_idp_sent_and_signs_no_one_in(
    client, auth, northfield, op_issuer
):
    institution, admin, _ = northfield
    connect_oidc(institution, op_issuer, enabled=False)
    auth.login_as(admin)
    response = client.post("/northfield/settings/sso/test")
    assert response.status_code == 302
    back = client.get(local(op_sign_in(response.location, "admin@northfield.edu")))
    assert back.location.endswith("/northfield/settings/sso/test")
    page = client.get("/northfield/settings/sso/test").get_data(as_text=True)
    assert "admin@northfield.edu" in page and "email_verified" in page
    assert CLIENT_SECRET not in page
    with unscoped():
        assert db.session.execute(select(SsoIdentity)).first() is None


def test_require_sso_sends_password_sign_ins_to_the_idp_but_break_glass(
    app, client, auth, northfield, op_issuer
):
    institution, admin, student = northfield
    connect_oidc(institution, op_issuer)
    auth.login_as(admin)
    refused = client.post(
        "/northfield/settings/sso",
        data={
            **BLANK,
            "enabled": "y",
            "require_sso": "y",
            "oidc_issuer": op_issuer,
            "oidc_client_id": client_id("northfield"),
            "loaded": str(connection_of(institution).version),
        },
        follow_redirects=True,
    )
    assert "break-glass" in refused.get_data(as_text=True)
    client.post(
        "/northfield/settings/sso",
        data={
            **BLANK,
            "enabled": "y",
            "require_sso": "y",
            "oidc_issuer": op_issuer,
            "oidc_client_id": client_id("northfield"),
            "break_glass": "ADMIN@northfield.edu",
            "loaded": str(connection_of(institution).version),
        },
    )
    db.session.expire_all()
    assert db.session.get(Institution, institution.id).sso_required
    assert client.get("/northfield/").status_code == 200  # the break-glass admin
    auth.logout()
    auth.login_as(student)
    sent = client.get("/northfield/")
    assert sent.status_code == 302 and "/sso/northfield/start" in sent.location
    # Through the IdP (the password account links once), then the pages open.
    to_idp = client.get(local(sent.location))
    back = client.get(local(op_sign_in(to_idp.location, "stu@northfield.edu")))
    assert back.location.endswith("/sso/northfield/link")
    done = client.post("/sso/northfield/link", data={"password": factories.PASSWORD})
    assert done.location.endswith("/northfield/")
    assert client.get("/northfield/").status_code == 200


def test_login_page_offers_the_university_and_remembers_it(client, northfield, op_issuer):
    connect_oidc(northfield[0], op_issuer)
    other = factories.create_institution("quiet", "Quiet Institute")  # no SSO
    login = client.get("/login").get_data(as_text=True)
    assert "Sign in with your university" in login
    found = client.get("/sso?q=north").get_data(as_text=True)
    assert "Northfield University" in found and other.name not in found
    assert "Quiet" not in client.get("/sso?q=").get_data(as_text=True)
    assert "Northfield" not in client.get("/sso?q=zzz").get_data(as_text=True)
    client.get("/sso/northfield/start")
    assert "Continue with Northfield University" in client.get("/login").get_data(as_text=True)
    assert client.get("/sso/quiet/start").status_code == 404


def test_search_and_login_pages_make_a_constant_number_of_queries(
    client, arrange, op_issuer, count_queries
):
    first = factories.create_institution("north1", "North One")
    connect_oidc(first, op_issuer)
    client.get("/sso/north1/start")  # remembered
    with count_queries() as few:
        assert "North One" in client.get("/sso?q=north").get_data(as_text=True)
        client.get("/login")
    for n in range(2, 8):
        connect_oidc(factories.create_institution(f"north{n}", f"North {n}"), op_issuer)
    with count_queries() as many:
        assert "North 7" in client.get("/sso?q=north").get_data(as_text=True)
        assert "Continue with North One" in client.get("/login").get_data(as_text=True)
    assert len(many) == len(few) <= 2
    assert "North" not in client.get("/sso?q=%25").get_data(as_text=True).split("<main")[1]
