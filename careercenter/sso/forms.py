"""Forms of single sign-on: the admin's settings and the one-time password to link an account."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    RadioField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from ..choices import as_choices
from ..formcheck import WebForm
from .models import INVITED_ONLY, OIDC, SAML, STUDENTS_JOIN


class SsoSettingsForm(WebForm):
    loaded = HiddenField()
    protocol = RadioField(
        "Protocol",
        choices=as_choices(
            [
                (SAML, "SAML 2.0 (Shibboleth, InCommon, ADFS)"),
                (OIDC, "OpenID Connect (Entra ID, Okta, Google)"),
            ]
        ),
        default=SAML,
    )
    enabled = BooleanField("Offer sign-in with the university's identity provider")
    saml_metadata_url = StringField(
        "IdP metadata URL",
        validators=[Optional(), Length(max=500)],
        description="Fetched now and refreshed every night. Leave empty to paste the XML.",
    )
    saml_metadata = TextAreaField(
        "IdP metadata XML",
        validators=[Optional(), Length(max=500_000)],
        description="Paste the identity provider's metadata (one IdP's EntityDescriptor).",
    )
    oidc_issuer = StringField(
        "Issuer URL",
        validators=[Optional(), Length(max=500)],
        description="We read its .well-known/openid-configuration.",
    )
    oidc_client_id = StringField("Client ID", validators=[Optional(), Length(max=255)])
    oidc_client_secret = PasswordField(
        "Client secret",
        validators=[Optional(), Length(max=1000)],
        description="Stored encrypted. Leave empty to keep the saved one.",
    )
    id_attribute = StringField(
        "Attribute that identifies a person",
        validators=[Optional(), Length(max=100)],
        description="Empty: eduPersonPrincipalName, then mail (SAML); sub (OpenID Connect).",
    )
    name_attribute = StringField(
        "Attribute that names a person",
        validators=[Optional(), Length(max=100)],
        description="displayName by default; empty uses givenName and sn.",
    )
    newcomers = RadioField(
        "People without a membership",
        choices=as_choices(
            [
                (INVITED_ONLY, "Only people already invited or enrolled may sign in"),
                (STUDENTS_JOIN, "Students of the institution join as students"),
            ]
        ),
        default=INVITED_ONLY,
    )
    affiliation_scope = StringField(
        "Affiliation scope",
        validators=[Optional(), Length(max=200)],
        description=(
            "student@<scope> in eduPersonScopedAffiliation makes a student, e.g. northfield.edu."
        ),
    )
    email_domains = StringField(
        "Student email domains",
        validators=[Optional(), Length(max=500)],
        description="Separated by spaces; an address in one of them makes a student.",
    )
    require_sso = BooleanField("Require single sign-on (no passwords) for everyone")
    break_glass = TextAreaField(
        "Break-glass admins",
        validators=[Optional(), Length(max=5000)],
        description="Emails of admins who may still sign in with a password, one a line.",
    )
    submit = SubmitField("Save single sign-on")

    setting_fields = (
        "protocol",
        "enabled",
        "saml_metadata_url",
        "saml_metadata",
        "oidc_issuer",
        "oidc_client_id",
        "id_attribute",
        "name_attribute",
        "newcomers",
        "affiliation_scope",
        "email_domains",
        "require_sso",
        "break_glass",
    )

    def values(self) -> dict:
        values = {name: self[name].data for name in self.setting_fields}
        for name, value in values.items():
            if isinstance(value, str):
                values[name] = value.strip()
        values["oidc_client_secret"] = (self.oidc_client_secret.data or "").strip()
        return values


class TestForm(WebForm):
    submit = SubmitField("Test the connection")


class RefreshForm(WebForm):
    submit = SubmitField("Fetch the metadata now")


class LinkForm(WebForm):
    password = PasswordField(
        "Password of your Career Center account", validators=[DataRequired(), Length(max=1000)]
    )
    submit = SubmitField("Link and sign in")
