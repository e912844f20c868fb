"""SAML 2.0 service provider through pysaml2 (xmlsec1 checks signatures; defusedxml parses).

Each institution is its own service provider: entity id `/sso/<slug>/saml/metadata`, ACS
`/sso/<slug>/saml/acs`. Assertions must be signed; audience, recipient, validity (with
`CLOCK_SKEW`) and `InResponseTo` (a request this app sent, `SsoRequest`) are checked by
pysaml2; unsolicited (IdP-initiated) responses are refused.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from flask import current_app, url_for
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_PERSISTENT

from .models import SsoConnection

CLOCK_SKEW = 120  # seconds allowed between our clock and the IdP's
ATTRIBUTE_NAMES = {  # the REFEDS R&S bundle's OIDs, as Shibboleth releases them
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.6": "eduPersonPrincipalName",
    "urn:oid:0.9.2342.19200300.100.1.3": "mail",
    "urn:oid:2.16.840.1.113730.3.1.241": "displayName",
    "urn:oid:2.5.4.42": "givenName",
    "urn:oid:2.5.4.4": "sn",
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.9": "eduPersonScopedAffiliation",
}


class SamlError(Exception):
    """The IdP's answer was refused; `reason` is a short code for the audit log."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


NO_XMLSEC = (
    "SAML needs the xmlsec1 program on the server, and it is not installed: "
    "ask your operator to install it (Debian and Ubuntu: the xmlsec1 package)."
)


def xmlsec_binary() -> str | None:
    return current_app.config.get("SSO_XMLSEC_BINARY") or shutil.which("xmlsec1")


def sp_key_pair() -> tuple[str, str]:
    """Return the paths of the SP's signing key and certificate, made once when missing."""
    key = current_app.config.get("SSO_SP_KEY_FILE")
    cert = current_app.config.get("SSO_SP_CERT_FILE")
    if key and cert:
        return key, cert
    folder = Path(current_app.instance_path) / "sso"
    return _generated_pair(str(folder))


@cache
def _generated_pair(folder: str) -> tuple[str, str]:
    key_path, cert_path = Path(folder) / "sp-key.pem", Path(folder) / "sp-cert.pem"
    if not (key_path.exists() and cert_path.exists()):
        Path(folder).mkdir(parents=True, exist_ok=True, mode=0o700)
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Career Center SAML SP")])
        now = datetime.now(UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(private.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=3650))
            .sign(private, hashes.SHA256())
        )
        key_path.write_bytes(
            private.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        key_path.chmod(0o600)
        cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return str(key_path), str(cert_path)


def sp_certificate_pem() -> str:
    return Path(sp_key_pair()[1]).read_text()


def entity_id(slug: str) -> str:
    return url_for("sso.saml_metadata", slug=slug, _external=True)


def acs_url(slug: str) -> str:
    return url_for("sso.saml_acs", slug=slug, _external=True)


def sp_config(slug: str, idp_metadata: str | None) -> SPConfig:
    """Return the pysaml2 configuration of `slug`'s service provider."""
    key, cert = sp_key_pair()
    settings: dict[str, object] = {
        "entityid": entity_id(slug),
        "xmlsec_binary": xmlsec_binary(),
        "key_file": key,
        "cert_file": cert,
        "encryption_keypairs": [{"key_file": key, "cert_file": cert}],
        "accepted_time_diff": CLOCK_SKEW,
        "allow_unknown_attributes": True,
        "service": {
            "sp": {
                "name": "Career Center",
                "endpoints": {"assertion_consumer_service": [(acs_url(slug), BINDING_HTTP_POST)]},
                "want_assertions_signed": True,
                "want_response_signed": False,
                "allow_unsolicited": False,
                "authn_requests_signed": False,
                "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                "required_attributes": ["eduPersonPrincipalName", "mail"],
                "optional_attributes": [
                    "displayName",
                    "givenName",
                    "sn",
                    "eduPersonScopedAffiliation",
                ],
            }
        },
    }
    if idp_metadata:
        settings["metadata"] = {"inline": [idp_metadata]}
    config = SPConfig()
    config.load(settings)
    return config


def metadata_xml(slug: str) -> str:
    """Return the SP's signed metadata for the campus identity team."""
    text = create_metadata_string(None, config=sp_config(slug, None), valid=24 * 365, sign=True)
    return text.decode() if isinstance(text, bytes) else text


def idp_entity_id(metadata: str) -> str:
    """Return the entity id of the one IdP the metadata describes (raises SamlError)."""
    if xmlsec_binary() is None:
        raise SamlError("no_xmlsec", NO_XMLSEC)
    try:
        config = SPConfig()
        config.load(
            {
                "entityid": "urn:check",
                "xmlsec_binary": xmlsec_binary(),
                "metadata": {"inline": [metadata]},
            }
        )
        idps = list(config.metadata.identity_providers())
    except Exception as exc:  # pysaml2 raises many kinds for bad XML
        raise SamlError("bad_metadata", "That is not SAML metadata pysaml2 can read.") from exc
    if len(idps) != 1:
        raise SamlError("bad_metadata", "The metadata must describe exactly one identity provider.")
    return idps[0]


def authn_request(connection: SsoConnection, slug: str, relay_state: str) -> tuple[str, str]:
    """Return (request id, redirect URL) of an AuthnRequest to the institution's IdP."""
    client = Saml2Client(sp_config(slug, connection.saml_metadata))
    request_id, info = client.prepare_for_authenticate(
        entityid=connection.saml_idp_entity_id,
        relay_state=relay_state,
        binding=BINDING_HTTP_REDIRECT,
    )
    location = dict(info["headers"])["Location"]
    return request_id, location


def parse_response(
    connection: SsoConnection, slug: str, encoded: str, outstanding: dict[str, str]
) -> tuple[str, dict[str, list[str]], str, str]:
    """Check a POSTed SAMLResponse; return (in-response-to, attributes, name id, assertion id).

    Attribute names are the friendly ones (OIDs mapped by `ATTRIBUTE_NAMES`).
    """
    client = Saml2Client(sp_config(slug, connection.saml_metadata))
    try:
        response = client.parse_authn_request_response(encoded, BINDING_HTTP_POST, outstanding)
    except Exception as exc:  # pysaml2 signals each refusal with its own exception class
        raise SamlError(_reason(exc), "The identity provider's answer was refused.") from exc
    if response is None:
        raise SamlError("unreadable", "The identity provider's answer could not be read.")
    if response.issuer() != connection.saml_idp_entity_id:
        raise SamlError("wrong_issuer", "The answer came from another identity provider.")
    attributes = {
        ATTRIBUTE_NAMES.get(name, name): [str(v) for v in values]
        for name, values in (response.ava or {}).items()
    }
    name_id = response.name_id.text if response.name_id is not None else ""
    return response.in_response_to, attributes, name_id or "", response.assertion.id


def _reason(exc: Exception) -> str:
    """Name a pysaml2 refusal for the audit log (the class says which check failed)."""
    name = type(exc).__name__
    text = str(exc).lower()
    if name in {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"}:
        return "unsafe_xml"
    if "signature" in name.lower() or "signature" in text or "sign" in text:
        return "bad_signature"
    if "audience" in text or "audience" in name.lower():
        return "wrong_audience"
    if (
        "expired" in text
        or "too old" in text
        or "notonorafter" in text
        or "timeout" in name.lower()
    ):
        return "expired"
    if "unsolicited" in name.lower() or "unsolicited" in text or "inresponseto" in text:
        return "unknown_request"
    if "destination" in text or "recipient" in text:
        return "wrong_recipient"
    return name[:40] or "refused"
