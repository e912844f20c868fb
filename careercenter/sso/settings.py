"""The admin's single sign-on settings: checked, saved with a version check, audited."""

from __future__ import annotations

from flask_login import current_user

from ..actions import Refused, check_version
from ..audit import record
from ..extensions import db
from ..jobs import enqueue_after_commit
from ..tenancy.models import Institution
from . import oidc, saml
from .crypto import reveal, seal
from .models import OIDC, PROTOCOLS, SAML, SsoConnection
from .refresh import refresh_metadata
from .services import signed_in_via

STALE = (
    "Someone else changed the single sign-on settings after you opened the page, so your "
    "changes were not saved. The page now shows the current settings; make your change again."
)


def version_of(connection: SsoConnection | None) -> str:
    return str(connection.version) if connection is not None else "0"


def save_settings(
    institution: Institution, connection: SsoConnection | None, values: dict, loaded: str | None
) -> list[str]:
    """Apply the settings form; return the names of what changed (never a secret's value)."""
    check_version(version_of(connection), loaded, STALE)
    if values["protocol"] not in PROTOCOLS:
        raise Refused("Choose SAML 2.0 or OpenID Connect.")
    if connection is None:
        connection = SsoConnection(protocol=values["protocol"])
        db.session.add(connection)
    secret = values.pop("oidc_client_secret", "")
    if values["saml_metadata_url"]:
        values.pop("saml_metadata")  # the fetched copy stands; the job refreshes it
    changed = [name for name, value in values.items() if getattr(connection, name) != value]
    fetch_needed = "saml_metadata_url" in changed and bool(values["saml_metadata_url"])
    if values["protocol"] == SAML:
        if fetch_needed:
            from .fetch import check_url

            check_url(values["saml_metadata_url"])
        if "saml_metadata" in changed and values.get("saml_metadata"):
            try:
                connection.saml_idp_entity_id = saml.idp_entity_id(values["saml_metadata"])
            except saml.SamlError as exc:
                raise Refused(str(exc)) from exc
    if (
        values["protocol"] == OIDC
        and values["oidc_issuer"]
        and ("oidc_issuer" in changed or not connection.oidc_discovery)
    ):
        connection.oidc_discovery = oidc.discover(values["oidc_issuer"])
    for name in changed:
        setattr(connection, name, values[name])
    if values["protocol"] == OIDC and not values["oidc_issuer"]:
        connection.oidc_discovery = None
    if secret:
        connection.oidc_client_secret = seal(secret)
        changed.append("oidc_client_secret")
    if connection.enabled and not _describable(connection):
        raise Refused(_missing(connection))
    if connection.require_sso:
        _check_not_locked_out(connection)
    institution.sso_required = bool(connection.enabled and connection.require_sso)
    if changed:
        record("sso.settings_changed", None, changes=sorted(changed))
    if fetch_needed and connection.protocol == SAML:
        enqueue_after_commit(refresh_metadata, institution.id)
    return changed


def _describable(connection: SsoConnection) -> bool:
    if connection.protocol == SAML:
        return bool(connection.saml_metadata or connection.saml_metadata_url)
    return bool(
        connection.oidc_discovery
        and connection.oidc_client_id
        and reveal(connection.oidc_client_secret)
    )


def _missing(connection: SsoConnection) -> str:
    if connection.protocol == SAML:
        return "Paste the identity provider's metadata or give its URL before switching it on."
    if connection.oidc_client_secret and not reveal(connection.oidc_client_secret):
        return (
            "The saved client secret can no longer be read (the site's key changed): "
            "enter it again."
        )
    return "Give the issuer URL, client ID and client secret before switching it on."


def _check_not_locked_out(connection: SsoConnection) -> None:
    """Refuse to require SSO unless sign-in through it works and the admin can still get in."""
    if not connection.enabled:
        raise Refused("Switch single sign-on on before requiring it.")
    mine = current_user.email.lower() in connection.break_glass_emails
    if not mine and not signed_in_via(current_user, connection.institution_id):
        raise Refused(
            "Before requiring single sign-on, name yourself a break-glass admin or sign in "
            "through the identity provider once, so that nobody is locked out."
        )
