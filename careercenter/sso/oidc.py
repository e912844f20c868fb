"""OpenID Connect with Authlib's client: discovery, the authorization code flow with PKCE,
`state` and `nonce`, and an ID token checked against the issuer's JWKS (signature, `iss`,
`aud`, `exp`, `nonce`) by joserfc, Authlib's JOSE library."""

from __future__ import annotations

import time

from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from requests import RequestException

from .crypto import reveal
from .fetch import TIMEOUT, FetchError, check_url, fetch_json
from .models import SsoConnection

SCOPE = "openid email profile"
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"]
LEEWAY = 60  # seconds of clock skew allowed on exp/iat/nbf
_ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri")


class OidcError(Exception):
    """The provider's answer was refused; `reason` is a short code for the audit log."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def discover(issuer: str) -> dict:
    """Fetch and check `issuer`'s `.well-known/openid-configuration` (raises FetchError)."""
    issuer = check_url(issuer).rstrip("/")
    document = fetch_json(issuer + "/.well-known/openid-configuration")
    if str(document.get("issuer", "")).rstrip("/") != issuer:
        raise FetchError("The discovery document names another issuer; check the URL.")
    for name in _ENDPOINTS:
        if not isinstance(document.get(name), str):
            raise FetchError(f"The discovery document lacks {name}.")
        check_url(document[name])
    if "S256" not in document.get("code_challenge_methods_supported", ["S256"]):
        raise FetchError("The provider does not support PKCE with S256.")
    keep = (*_ENDPOINTS, "issuer", "userinfo_endpoint")
    return {name: document[name] for name in keep if name in document}


def _client(connection: SsoConnection, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        connection.oidc_client_id,
        reveal(connection.oidc_client_secret),
        scope=SCOPE,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic",  # noqa: S106 - a method's name
    )


def authorization_url(
    connection: SsoConnection, redirect_uri: str, state: str, nonce: str, verifier: str
) -> str:
    """Return the provider's sign-in URL for this request."""
    discovery = connection.oidc_discovery or {}
    with _client(connection, redirect_uri) as client:
        url, _ = client.create_authorization_url(
            discovery["authorization_endpoint"], state=state, nonce=nonce, code_verifier=verifier
        )
    return url


def finish(
    connection: SsoConnection, redirect_uri: str, code: str, verifier: str, nonce: str
) -> dict:
    """Redeem `code`, check the ID token and return its claims merged with the userinfo."""
    discovery = connection.oidc_discovery or {}
    issuer = discovery["issuer"]
    try:
        with _client(connection, redirect_uri) as client:
            token = client.fetch_token(
                discovery["token_endpoint"],
                code=code,
                code_verifier=verifier,
                timeout=TIMEOUT,
            )
            id_token = token.get("id_token")
            if not id_token:
                raise OidcError("no_id_token", "The provider sent no ID token.")
            claims = verify_id_token(
                id_token,
                fetch_json(discovery["jwks_uri"]),
                issuer,
                connection.oidc_client_id or "",
                nonce,
            )
            userinfo_url = discovery.get("userinfo_endpoint")
            if userinfo_url:
                check_url(userinfo_url)
                info = client.get(userinfo_url, timeout=TIMEOUT).json()
                if isinstance(info, dict) and info.get("sub") == claims["sub"]:
                    claims = {**info, **claims}
    except FetchError as exc:
        raise OidcError("provider_unreachable", str(exc)) from exc
    except (RequestException, ValueError) as exc:
        raise OidcError("token_refused", "The provider refused the sign-in code.") from exc
    return claims


def verify_id_token(id_token: str, jwks: dict, issuer: str, client_id: str, nonce: str) -> dict:
    """Return the ID token's claims once its signature, issuer, audience, expiry and nonce hold."""
    try:
        keys = KeySet.import_key_set(jwks)  # type: ignore[arg-type]
        token = jwt.decode(id_token, keys, algorithms=ALGORITHMS)
    except (JoseError, ValueError) as exc:
        raise OidcError("bad_signature", "The ID token's signature did not verify.") from exc
    claims = dict(token.claims)
    registry = jwt.JWTClaimsRegistry(
        now=int(time.time()),
        leeway=LEEWAY,
        iss={"essential": True, "value": issuer},
        aud={"essential": True, "value": client_id},
        exp={"essential": True},
        sub={"essential": True},
    )
    try:
        registry.validate(claims)
    except JoseError as exc:
        raise OidcError("bad_claims", f"The ID token was refused ({exc.error}).") from exc
    if claims.get("nonce") != nonce:
        raise OidcError("wrong_nonce", "The ID token answers another sign-in (nonce).")
    return claims
