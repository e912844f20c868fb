"""A real SAML 2.0 identity provider for the tests: pysaml2's `saml2.server.Server`.

It reads the AuthnRequest the app redirected to (HTTP-Redirect binding), and answers with a
signed assertion for the person the test chose, through the HTTP-POST binding: as the
form a browser posts (served by `wsgi`) or as the encoded response a test client posts.
Options make answers the app must refuse: unsigned, or for another audience.
"""

from __future__ import annotations

import base64
import html
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import AUTHN_PASSWORD, NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT
from saml2.server import Server


def xmlsec_missing() -> str | None:
    if shutil.which("xmlsec1") is None:
        return "xmlsec1 is not installed (apt-get install xmlsec1): SAML signatures need it"
    return None


def make_key_pair(folder: Path, name: str) -> tuple[str, str]:
    """Write a fresh RSA key and self-signed certificate; return their paths."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(private, hashes.SHA256())
    )
    key, cert = folder / f"{name}-key.pem", folder / f"{name}-cert.pem"
    key.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return str(key), str(cert)


@dataclass
class Person:
    """Whom the IdP signs in next, and what it releases (the REFEDS R&S bundle)."""

    eppn: str
    mail: str
    display_name: str = "Test Person"
    affiliations: list[str] = field(default_factory=list)

    def attributes(self) -> dict[str, list[str]]:
        return {
            "eduPersonPrincipalName": [self.eppn],
            "mail": [self.mail],
            "displayName": [self.display_name],
            "eduPersonScopedAffiliation": self.affiliations,
        }


class TestIdp:
    """pysaml2's IdP, configured with the service providers' metadata."""

    __test__ = False

    def __init__(self, base_url: str, folder: Path, sp_metadata: list[str], lifetime: int = 5):
        self.base_url = base_url
        self.key, self.cert = make_key_pair(folder, "test-idp")
        self.sp_metadata = sp_metadata
        self.server = self._server(lifetime)
        self.person = Person("nobody@example.edu", "nobody@example.edu")

    def _server(self, lifetime_minutes: int) -> Server:
        config = IdPConfig()
        config.load(
            {
                "entityid": f"{self.base_url}/idp",
                "xmlsec_binary": shutil.which("xmlsec1"),
                "key_file": self.key,
                "cert_file": self.cert,
                "metadata": {"inline": self.sp_metadata},
                "accepted_time_diff": 60,
                "service": {
                    "idp": {
                        "name": "Test IdP",
                        "endpoints": {
                            "single_sign_on_service": [
                                (f"{self.base_url}/sso/redirect", BINDING_HTTP_REDIRECT)
                            ]
                        },
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": lifetime_minutes},
                                "attribute_restrictions": None,
                                "name_form": NAME_FORMAT_URI,
                            }
                        },
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                        "want_authn_requests_signed": False,
                    }
                },
            }
        )
        return Server(config=config)

    @property
    def entity_id(self) -> str:
        return f"{self.base_url}/idp"

    def metadata(self) -> str:
        text = create_metadata_string(None, config=self.server.config, valid=24)
        return text.decode() if isinstance(text, bytes) else text

    def answer(
        self,
        redirect_url: str,
        person: Person | None = None,
        *,
        signed: bool = True,
        audience: str | None = None,
    ) -> tuple[str, str]:
        """Answer the AuthnRequest in `redirect_url`: return (ACS URL, encoded SAMLResponse)."""
        query = parse_qs(urlsplit(redirect_url).query)
        request = self.server.parse_authn_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
        args = self.server.response_args(request.message, [BINDING_HTTP_POST])
        if audience is not None:
            args["sp_entity_id"] = audience
        person = person or self.person
        response = self.server.create_authn_response(
            person.attributes(),
            userid=person.eppn,
            authn={"class_ref": AUTHN_PASSWORD, "authn_auth": self.entity_id},
            sign_assertion=signed,
            sign_response=False,
            **{k: v for k, v in args.items() if k != "binding"},
        )
        return args["destination"], base64.b64encode(str(response).encode()).decode()

    def wsgi(self, environ, start_response):
        """Serve the metadata, and the sign-in a browser is redirected to (auto-posted form)."""
        path = environ.get("PATH_INFO", "")
        if path == "/metadata":
            start_response("200 OK", [("Content-Type", "application/samlmetadata+xml")])
            return [self.metadata().encode()]
        if path == "/sso/redirect":
            url = f"{self.base_url}{path}?{environ.get('QUERY_STRING', '')}"
            acs, encoded = self.answer(url)
            page = f"""<!doctype html><html lang="en"><head><title>Test IdP</title></head>
<body><form method="post" action="{html.escape(acs)}">
<input type="hidden" name="SAMLResponse" value="{html.escape(encoded)}">
<button type="submit">Continue to Career Center</button></form></body></html>"""
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
            return [page.encode()]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
