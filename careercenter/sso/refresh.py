"""Fetch an institution's SAML IdP metadata from its URL: on request and on a schedule.

Runs as a job (`jobs.enqueue`): outside any request and tenant, by institution id. The
systemd timer `careercenter-sso-refresh.timer` runs `flask sso refresh-metadata` nightly.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..audit import record
from ..extensions import db
from ..jobs import enqueue
from ..tenancy.models import Institution, utcnow
from ..tenancy.scoping import tenant_scope, unscoped
from .fetch import FetchError, fetch_bytes
from .models import SAML, SsoConnection
from .saml import SamlError, idp_entity_id

sso_cli = AppGroup("sso", help="Single sign-on: identity provider metadata.")


def refresh_metadata(institution_id: int) -> None:
    """Fetch and check the metadata of one institution's IdP; keep the last good copy."""
    with unscoped():
        institution = db.session.get(Institution, institution_id)
    if institution is None:
        return
    with tenant_scope(institution):
        connection = db.session.execute(select(SsoConnection)).scalar_one_or_none()
        if connection is None or connection.protocol != SAML or not connection.saml_metadata_url:
            return
        try:
            xml = fetch_bytes(connection.saml_metadata_url).decode("utf-8")
            entity = idp_entity_id(xml)
        except (FetchError, SamlError, UnicodeDecodeError) as exc:
            problem = str(exc)[:500] or "The metadata could not be read."
            connection.metadata_problem = problem
            record("sso.metadata_failed", None, problem=problem)
        else:
            if xml != connection.saml_metadata or connection.saml_idp_entity_id != entity:
                record("sso.metadata_refreshed", None, entity_id=entity)
            connection.saml_metadata = xml
            connection.saml_idp_entity_id = entity
            connection.metadata_fetched_at = utcnow()
            connection.metadata_problem = None
        db.session.commit()


@sso_cli.command("refresh-metadata")
def refresh_command() -> None:
    """Queue a metadata refresh for every institution whose IdP metadata has a URL."""
    with unscoped():  # every institution's connection: an operator's schedule
        ids = list(
            db.session.execute(
                select(SsoConnection.institution_id).where(
                    SsoConnection.protocol == SAML,
                    SsoConnection.saml_metadata_url.is_not(None),
                    SsoConnection.saml_metadata_url != "",
                )
            ).scalars()
        )
    for institution_id in ids:
        enqueue(refresh_metadata, institution_id)
    click.echo(f"Queued {len(ids)} metadata refresh(es).")
