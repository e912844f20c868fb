"""University single sign-on: one SAML 2.0 or OpenID Connect identity provider per institution."""
