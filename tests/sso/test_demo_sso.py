"""`flask demo seed` shows single sign-on's states: SAML described and tested, OIDC half set."""

from __future__ import annotations

from sqlalchemy import select

from careercenter.extensions import db
from careercenter.sso.demo import DEMO_IDP
from careercenter.sso.models import OIDC, SAML, SsoConnection, SsoIdentity
from careercenter.tenancy.scoping import unscoped


def test_demo_seeds_each_campus_an_sso_state(runner, arrange, auth, client):
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0  # idempotent
    with unscoped():
        connections = {
            c.institution.slug: c for c in db.session.execute(select(SsoConnection)).scalars()
        }
        assert len(db.session.execute(select(SsoIdentity)).scalars().all()) == 1
    assert connections["northfield"].protocol == SAML
    assert connections["northfield"].saml_idp_entity_id == DEMO_IDP
    assert connections["northfield"].last_test is not None
    assert connections["lakeside"].protocol == OIDC and not connections["lakeside"].is_ready
    auth.login("admin@northfield.example", "demo-password")
    settings = client.get("/northfield/settings/sso").get_data(as_text=True)
    assert DEMO_IDP in settings and "Switched off" in settings
    assert "eduPersonScopedAffiliation" in client.get("/northfield/settings/sso/test").get_data(
        as_text=True
    )
