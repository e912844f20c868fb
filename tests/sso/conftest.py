"""Fixtures of the SSO tests: the identity providers run once per session."""

from __future__ import annotations

import pytest

from careercenter.extensions import db
from careercenter.sso import crypto, oidc
from careercenter.sso.models import OIDC, SsoConnection
from careercenter.tenancy.scoping import tenant_scope

from .providers import CLIENT_SECRET, client_id, op_missing, openid_provider

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
        connection = SsoConnection(
            protocol=OIDC,
            enabled=True,
            oidc_issuer=issuer,
            oidc_client_id=client_id(institution.slug),
            oidc_client_secret=crypto.seal(CLIENT_SECRET),
            oidc_discovery=oidc.discover(issuer),
            **settings,
        )
        db.session.add(connection)
        db.session.commit()
    return connection
