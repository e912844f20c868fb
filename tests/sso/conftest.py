"""Fixtures of the SSO tests: the identity providers run once per session."""

from __future__ import annotations

import pytest

from careercenter.extensions import db
from careercenter.sso import crypto, oidc, saml
from careercenter.sso.models import OIDC, SAML, SsoConnection
from careercenter.tenancy.scoping import tenant_scope

from ..servers import serving
from .providers import CLIENT_SECRET, client_id, op_missing, openid_provider
from .saml_idp import TestIdp, make_key_pair, xmlsec_missing

SLUGS = ["northfield", "lakeside"]


@pytest.fixture(scope="session")
def op_issuer():
    why = op_missing()
    if why:
        pytest.skip(why)
    with openid_provider(SLUGS) as issuer:
        yield issuer


def connect_oidc(institution, issuer: str, **settings) -> SsoConnection:
    """Give `institution` the test OpenID provider (inside the arrange context)."""
    with tenant_scope(institution):
        values = {
            "protocol": OIDC,
            "enabled": True,
            "oidc_issuer": issuer,
            "oidc_client_id": client_id(institution.slug),
            "oidc_client_secret": crypto.seal(CLIENT_SECRET),
            "oidc_discovery": oidc.discover(issuer),
        }
        connection = SsoConnection(**{**values, **settings})
        db.session.add(connection)
        db.session.commit()
    return connection


@pytest.fixture(scope="session")
def saml_idp(_app, _arrange_app, tmp_path_factory):
    """pysaml2's IdP on 127.0.0.1, knowing both institutions' service providers."""
    why = xmlsec_missing()
    if why:
        pytest.skip(why)
    folder = tmp_path_factory.mktemp("saml")
    key, cert = make_key_pair(folder, "sp")
    for each in (_app, _arrange_app):
        each.config.update(SSO_SP_KEY_FILE=key, SSO_SP_CERT_FILE=cert)
    with _app.test_request_context():
        sp_metadata = [saml.metadata_xml(slug) for slug in SLUGS]
    holder: dict[str, TestIdp] = {}

    def dispatch(environ, start_response):
        return holder["idp"].wsgi(environ, start_response)

    with serving(dispatch) as base:
        holder["idp"] = TestIdp(base, folder, sp_metadata)
        yield holder["idp"]


def connect_saml(institution, idp: TestIdp, **settings) -> SsoConnection:
    """Give `institution` the test SAML IdP, its metadata pasted (inside the arrange context)."""
    with tenant_scope(institution):
        connection = SsoConnection(
            protocol=SAML,
            enabled=True,
            saml_metadata=idp.metadata(),
            saml_idp_entity_id=idp.entity_id,
            **settings,
        )
        db.session.add(connection)
        db.session.commit()
    return connection
