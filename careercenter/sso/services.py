"""What an identity provider's answer does: map the person, link, admit, sign in; refuse clearly.

Every sign-in and every refusal is audited in the institution (the reason, never the assertion).
The IdP alone never makes anyone staff: a newcomer it vouches for joins as a student, and only
an admin's invitation (accepted here) carries another role.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from flask import session
from sqlalchemy import delete, select

from ..audit import NOBODY, record
from ..auth import sessions
from ..auth.invitations import accept
from ..auth.models import User
from ..auth.services import find_user
from ..extensions import db
from ..tenancy.clock import as_utc
from ..tenancy.models import Institution, Membership, Role, utcnow
from ..tenancy.scoping import unscoped
from .models import OIDC, SAML, STUDENTS_JOIN, SsoConnection, SsoIdentity, SsoRequest

REQUEST_LIFETIME = timedelta(minutes=10)
SIGNED_IN_VIA = "_sso_via"  # Flask session: {"t": session token prefix, "i": [institution ids]}
PENDING_LINK = "_sso_link"  # Flask session: an identity waiting for the account's password


class SsoRefused(Exception):
    """A sign-in the rules refuse: `reason` for the audit log, the text for the person."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass
class Person:
    """What the identity provider said about someone, mapped by the institution's settings."""

    subject: str
    email: str | None
    name: str
    affiliations: list[str] = field(default_factory=list)
    attributes: dict[str, list[str]] = field(default_factory=dict)


def connection_for(slug: str) -> tuple[Institution, SsoConnection | None] | None:
    """Return the institution of `slug` and its identity provider (one query), if it exists."""
    with unscoped():  # before any tenant: a public sign-in route names the institution
        row = db.session.execute(
            select(Institution, SsoConnection)
            .outerjoin(SsoConnection, SsoConnection.institution_id == Institution.id)
            .where(Institution.slug == slug)
        ).first()
    return (row[0], row[1]) if row else None


def current_connection() -> SsoConnection | None:
    """Return the current institution's identity provider (inside its tenant scope), if any."""
    return db.session.execute(select(SsoConnection)).scalar_one_or_none()


def institutions_with_sso(query: str = "", limit: int = 20) -> list[Institution]:
    """Return institutions people can sign in to through SSO, by name (a search)."""
    statement = (
        select(Institution)
        .join(SsoConnection, SsoConnection.institution_id == Institution.id)
        .where(SsoConnection.enabled.is_(True))
        .order_by(Institution.name)
        .limit(limit)
    )
    if query.strip():
        words = query.strip().lower()[:100]
        statement = statement.where(
            Institution.name.ilike(f"%{_like(words)}%", escape="\\")
            | Institution.slug.ilike(f"%{_like(words)}%", escape="\\")
        )
    with unscoped():  # a platform list: which institutions offer SSO
        return list(db.session.execute(statement).scalars())


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def begin(purpose: str, next_path: str = "", user_id: int | None = None) -> SsoRequest:
    """Open a request this app sends to the IdP (inside the institution's tenant scope)."""
    now = utcnow()
    db.session.execute(delete(SsoRequest).where(SsoRequest.expires_at < now))
    request_row = SsoRequest(
        key=secrets.token_urlsafe(32),
        purpose=purpose,
        nonce=secrets.token_urlsafe(32),
        code_verifier=secrets.token_urlsafe(64),
        next_path=next_path[:500],
        user_id=user_id,
        created_at=now,
        expires_at=now + REQUEST_LIFETIME,
    )
    db.session.add(request_row)
    return request_row


def consume(key: str) -> SsoRequest:
    """Take the request an answer names (inside the tenant scope): once, and not expired."""
    found = db.session.execute(select(SsoRequest).where(SsoRequest.key == key)).scalar_one_or_none()
    if found is None:
        raise SsoRefused(
            "unknown_request",
            "This answer does not match a sign-in started here, or it was already used.",
        )
    db.session.delete(found)
    if as_utc(found.expires_at) < utcnow():
        raise SsoRefused("request_expired", "The sign-in took too long. Please start again.")
    return found


def outstanding() -> dict[str, str]:
    """Return the SAML requests awaiting an answer in this institution (id → next path)."""
    rows = db.session.execute(
        select(SsoRequest.key, SsoRequest.next_path).where(SsoRequest.expires_at >= utcnow())
    )
    return {key: next_path for key, next_path in rows}


def default_id_attributes(connection: SsoConnection) -> list[str]:
    if connection.id_attribute:
        return [connection.id_attribute]
    return ["sub"] if connection.protocol == OIDC else ["eduPersonPrincipalName", "mail"]


def map_person(connection: SsoConnection, attributes: dict[str, list[str]]) -> Person:
    """Read identifier, email, name and affiliations by the institution's mapping."""

    def first(name: str) -> str:
        values = attributes.get(name) or []
        return str(values[0]).strip() if values else ""

    subject = next((first(n) for n in default_id_attributes(connection) if first(n)), "")
    if not subject:
        raise SsoRefused(
            "no_identifier",
            "The identity provider did not send the attribute that identifies people here.",
        )
    email = first("mail") or first("email")
    if connection.protocol == OIDC and attributes.get("email_verified", ["true"])[0] not in (
        "true",
        "True",
        True,
    ):
        email = ""  # an unverified address links nothing and names no newcomer
    name = first(connection.name_attribute) if connection.name_attribute else ""
    if not name:
        name = " ".join(p for p in (first("givenName"), first("sn")) if p) or first("name")
    return Person(
        subject=subject[:500],
        email=email.lower()[:254] or None,
        name=(name or (email.split("@")[0] if email else subject))[:200],
        affiliations=[a.lower() for a in attributes.get("eduPersonScopedAffiliation", [])],
        attributes=attributes,
    )


def oidc_attributes(claims: dict) -> dict[str, list[str]]:
    """Return OIDC claims in the attribute shape SAML uses (name → list of strings)."""
    shaped: dict[str, list[str]] = {}
    for name, value in claims.items():
        if name in {"nonce", "at_hash", "c_hash", "aud", "azp", "iat", "exp", "auth_time"}:
            continue
        values = value if isinstance(value, list) else [value]
        shaped[name] = [str(v).lower() if isinstance(v, bool) else str(v) for v in values]
    return shaped


def is_student(connection: SsoConnection, person: Person) -> bool:
    """Whether the IdP says this newcomer is a student of the institution (rules in settings)."""
    scope = connection.affiliation_scope.strip().lower()
    if scope and f"student@{scope}" in person.affiliations:
        return True
    domain = (person.email or "").rpartition("@")[2]
    return bool(domain) and domain in connection.domains


@dataclass
class Outcome:
    """A sign-in that goes on: `user` signed in, or `link` (an account to prove first)."""

    user: User | None = None
    link: User | None = None


def resolve(connection: SsoConnection, person: Person) -> Outcome:
    """Find or make the account of `person` (inside the tenant scope), or ask for a link."""
    identity = db.session.execute(
        select(SsoIdentity).where(SsoIdentity.subject == person.subject)
    ).scalar_one_or_none()
    if identity is not None:
        identity.last_used_at = utcnow()
        return Outcome(user=identity.user)
    user = find_user(person.email) if person.email else None
    if user is not None and user.has_password:
        return Outcome(link=user)  # the person proves the password once: no silent merge
    if user is None:
        if person.email is None:
            raise SsoRefused("no_email", "The identity provider sent no verified email address.")
        admit_newcomer_check(connection, person)
        user = User(email=person.email, name=person.name, password_hash=None)
        db.session.add(user)
        db.session.flush()
    link_identity(user, person.subject)
    return Outcome(user=user)


def admit_newcomer_check(connection: SsoConnection, person: Person) -> None:
    if connection.newcomers != STUDENTS_JOIN or not is_student(connection, person):
        raise SsoRefused(
            "not_invited",
            "You are not a member of this career center yet. Ask its staff for an invitation.",
        )


def link_identity(user: User, subject: str) -> SsoIdentity:
    """Link `subject` to the account (inside the tenant scope): one identity per account."""
    linked = db.session.execute(
        select(SsoIdentity.id).where(SsoIdentity.user_id == user.id)
    ).first()
    if linked is not None:
        raise SsoRefused(
            "identity_conflict",
            "This account is already linked to another university sign-in. "
            "Ask your career center to look into it.",
        )
    identity = SsoIdentity(user_id=user.id, subject=subject, last_used_at=utcnow())
    db.session.add(identity)
    db.session.flush()
    return identity


def admit(connection: SsoConnection, user: User, person: Person) -> Membership:
    """Return the person's membership here: theirs, an invitation accepted, or a new student's."""
    membership = db.session.execute(
        select(Membership).where(Membership.user_id == user.id)
    ).scalar_one_or_none()
    if membership is not None and membership.active and membership.is_accepted:
        return membership
    if membership is not None and membership.is_pending:
        accept(membership)  # the role is the one the admin chose, never the IdP's
        return membership
    if membership is not None:
        raise SsoRefused("not_active", "Your membership of this career center is not active.")
    admit_newcomer_check(connection, person)
    membership = Membership(user_id=user.id, role=Role.STUDENT)
    db.session.add(membership)
    db.session.flush()
    record("sso.joined", membership, actor=user)
    return membership


def complete(
    institution: Institution, connection: SsoConnection, user: User, person: Person
) -> Membership:
    """Admit and sign `user` in (inside the tenant scope); audited."""
    if not user.active:
        raise SsoRefused("account_inactive", "This account is switched off.")
    membership = admit(connection, user, person)
    user.last_login_at = utcnow()
    sessions.sign_in(user)
    note_signed_in_via(user, institution.id)
    record("sso.login", user, actor=user, protocol=connection.protocol)
    return membership


def note_signed_in_via(user: User, institution_id: int) -> None:
    """Remember on this sign-in session that it came through this institution's IdP."""
    token = (user.session_token or "")[:16]
    via = session.get(SIGNED_IN_VIA) or {}
    ids = via.get("i", []) if via.get("t") == token else []
    session[SIGNED_IN_VIA] = {"t": token, "i": sorted({*ids, institution_id})}


def signed_in_via(user: User, institution_id: int) -> bool:
    via = session.get(SIGNED_IN_VIA) or {}
    return via.get("t") == (user.session_token or "")[:16] and institution_id in via.get("i", [])


def refuse(reason: str, protocol: str, user: User | None = None) -> None:
    """Audit a refused sign-in in the institution: the reason only."""
    record("sso.login_failed", user, actor=NOBODY, reason=reason, protocol=protocol)


def store_test(connection: SsoConnection, person: Person) -> None:
    """Keep what the IdP sent for the admin's test sign-in (attributes, never secrets)."""
    connection.last_test = {
        "subject": person.subject,
        "email": person.email,
        "name": person.name,
        "attributes": {k: v[:20] for k, v in list(person.attributes.items())[:60]},
    }
    connection.last_test_at = utcnow()
    record("sso.tested", connection)


PROTOCOL_NAMES = {SAML: "SAML 2.0", OIDC: "OpenID Connect"}
