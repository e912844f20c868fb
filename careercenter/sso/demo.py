"""Demo single sign-on, one state per campus (both switched off: no real IdP answers here).

Northfield pasted its SAML IdP's metadata, lets students of its scope join, has tested the
connection and has a student whose university sign-in is linked; Lakeside has started an
OpenID Connect connection (issuer and client, no secret yet).
"""

from __future__ import annotations

from ..demo import DemoInstitution, get_or_create, seed_step
from ..tenancy.models import utcnow
from . import saml
from .models import OIDC, SAML, STUDENTS_JOIN, SsoConnection, SsoIdentity

DEMO_IDP = "https://idp.northfield.example/idp/shibboleth"


def demo_idp_metadata() -> str:
    """Return the metadata of Northfield's (demo) IdP: Shibboleth's shape, our SP's cert."""
    pem = saml.sp_certificate_pem()
    body = "".join(line for line in pem.splitlines() if "CERTIFICATE" not in line)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{DEMO_IDP}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>{body}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="https://idp.northfield.example/idp/profile/SAML2/Redirect/SSO"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"""


@seed_step(order=70)
def seed_sso(demo: DemoInstitution) -> None:
    """Northfield: SAML described, tested and linked; Lakeside: OIDC half set up."""
    slug = demo.institution.slug
    if slug == "northfield":
        metadata = demo_idp_metadata()
        connection = get_or_create(
            SsoConnection,
            {
                "protocol": SAML,
                "enabled": False,
                "saml_metadata": metadata,
                "saml_idp_entity_id": DEMO_IDP,  # what idp_entity_id reads from it
                "newcomers": STUDENTS_JOIN,
                "affiliation_scope": "northfield.example",
                "email_domains": "northfield.example",
                "break_glass": demo.admin.user.email,
            },
        )
        if connection.last_test is None:
            admin = demo.admin.user
            connection.last_test = {
                "subject": admin.email,
                "email": admin.email,
                "name": admin.name,
                "attributes": {
                    "eduPersonPrincipalName": [admin.email],
                    "mail": [admin.email],
                    "displayName": [admin.name],
                    "eduPersonScopedAffiliation": ["staff@northfield.example"],
                },
            }
            connection.last_test_at = utcnow()
        student = demo.student.user
        get_or_create(
            SsoIdentity, {"user_id": student.id, "last_used_at": utcnow()}, subject=student.email
        )
    elif slug == "lakeside":
        get_or_create(
            SsoConnection,
            {
                "protocol": OIDC,
                "enabled": False,
                "oidc_issuer": "https://login.lakeside.example",
                "oidc_client_id": "careercenter-lakeside",
            },
        )
