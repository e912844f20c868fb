"""Public single sign-on routes under `/sso/…`: pick an institution, go to its identity
provider, come back (SAML ACS, OIDC callback), link an existing account once, SP metadata.

They take the institution's `slug` but run outside its tenant (`tenancy.urls.outside_tenant`):
sign-in starts before anyone is a member. Each finds its institution itself and does its
work inside `tenant_scope()`, so one institution's IdP never reaches another's people.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from ..audit import NOBODY, record
from ..auth import throttle
from ..auth.models import User
from ..extensions import csrf, db
from ..formcheck import form_accepted
from ..security import is_safe_next, safe_next
from ..tenancy.models import Institution
from ..tenancy.scoping import tenant_scope, unscoped
from ..tenancy.urls import outside_tenant
from . import oidc, saml
from .forms import LinkForm
from .models import OIDC, SAML, SsoConnection, SsoRequest
from .services import (
    PENDING_LINK,
    Person,
    SsoRefused,
    begin,
    complete,
    connection_for,
    consume,
    current_connection,
    institutions_with_sso,
    link_identity,
    map_person,
    oidc_attributes,
    outstanding,
    refuse,
    resolve,
    signed_in_via,
    store_test,
)

bp = Blueprint("sso", __name__, url_prefix="/sso")

REMEMBER_COOKIE = "cc_sso_institution"
OIDC_STATE = "_sso_state"  # Flask session: the state this browser was sent off with


@bp.app_template_global()
def sso_remembered() -> Institution | None:
    """Return the institution this browser last signed in through (the login page's button)."""
    slug = request.cookies.get(REMEMBER_COOKIE, "")
    if not slug or len(slug) > 40:
        return None
    found = connection_for(slug)
    if found is None or found[1] is None or not found[1].enabled:
        return None
    return found[0]


@bp.get("")
def find():
    """Search the institutions that offer single sign-on."""
    query = request.args.get("q", "")[:100]
    next_path = request.args.get("next", "")
    institutions = institutions_with_sso(query)
    return render_template(
        "sso/find.html",
        query=query,
        institutions=institutions,
        next_path=next_path if is_safe_next(next_path) else "",
    )


def _found() -> tuple[Institution, SsoConnection]:
    found = connection_for(g.slug)
    if found is None or found[1] is None or not found[1].is_ready:
        abort(404)
    return found[0], found[1]


@bp.get("/<slug:slug>/start")
@outside_tenant
def start():
    """Send the person to the institution's identity provider."""
    institution, connection = _found()
    next_path = request.args.get("next", "")
    response = send_to_idp(
        institution, connection, "sign_in", next_path if is_safe_next(next_path) else ""
    )
    response.set_cookie(
        REMEMBER_COOKIE,
        institution.slug,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    return response


def send_to_idp(
    institution: Institution,
    connection: SsoConnection,
    purpose: str,
    next_path: str = "",
    user_id: int | None = None,
) -> WerkzeugResponse:
    """Record a request and redirect to the IdP (sign-in, or an admin's connection test)."""
    with tenant_scope(institution):
        pending = begin(purpose, next_path, user_id)
        if connection.protocol == OIDC:
            url = oidc.authorization_url(
                connection,
                callback_url(institution),
                pending.key,
                pending.nonce or "",
                pending.code_verifier or "",
            )
            session[OIDC_STATE] = pending.key
        else:
            try:
                pending.key, url = saml.authn_request(connection, institution.slug, "")
            except Exception:  # metadata without a usable SSO endpoint: refused, audited
                current_app.logger.exception("SAML request for %s failed", institution.slug)
                db.session.rollback()
                refuse("idp_unusable", SAML)
                db.session.commit()
                abort(503)
        db.session.commit()
    return redirect(url)


def callback_url(institution: Institution) -> str:
    return url_for("sso.oidc_callback", slug=institution.slug, _external=True)


@bp.get("/<slug:slug>/saml/metadata")
@outside_tenant
def saml_metadata():
    """This service's signed SAML metadata for an institution (public: it describes us)."""
    if connection_for(g.slug) is None:
        abort(404)
    return Response(saml.metadata_xml(g.slug), mimetype="application/samlmetadata+xml")


@bp.post("/<slug:slug>/saml/acs")
@outside_tenant
@csrf.exempt  # the IdP posts here; the signed assertion and InResponseTo stand in for CSRF
def saml_acs():
    """Take the IdP's SAML response: check it with pysaml2, then sign in or refuse."""
    found = connection_for(g.slug)
    if found is None or found[1] is None or found[1].protocol != SAML or not found[1].is_described:
        return _refused_page(None, "not_configured", SAML)
    institution, connection = found[0], found[1]
    with tenant_scope(institution):
        try:
            encoded = request.form.get("SAMLResponse", "")
            if not encoded or len(encoded) > 1_000_000:
                raise SsoRefused("no_response", "The identity provider sent no answer.")
            try:
                replied_to, attributes, _, _ = saml.parse_response(
                    connection, institution.slug, encoded, outstanding()
                )
            except saml.SamlError as exc:
                raise SsoRefused(exc.reason, str(exc)) from exc
            pending = consume(replied_to)
            return _finish(institution, connection, pending, map_person(connection, attributes))
        except SsoRefused as exc:
            return _refused(institution, exc, SAML)


@bp.get("/<slug:slug>/oidc/callback")
@outside_tenant
def oidc_callback():
    """Take the OpenID provider's answer: state, code (PKCE), ID token; sign in or refuse."""
    found = connection_for(g.slug)
    if found is None or found[1] is None or found[1].protocol != OIDC or not found[1].is_described:
        return _refused_page(None, "not_configured", OIDC)
    institution, connection = found[0], found[1]
    expected = session.pop(OIDC_STATE, None)
    with tenant_scope(institution):
        try:
            state = request.args.get("state", "")
            if request.args.get("error"):
                raise SsoRefused("provider_error", "The identity provider did not sign you in.")
            if not state or state != expected:
                raise SsoRefused(
                    "wrong_state",
                    "This answer does not belong to a sign-in started in this browser.",
                )
            pending = consume(state)
            try:
                claims = oidc.finish(
                    connection,
                    callback_url(institution),
                    request.args.get("code", ""),
                    pending.code_verifier or "",
                    pending.nonce or "",
                )
            except oidc.OidcError as exc:
                raise SsoRefused(exc.reason, str(exc)) from exc
            person = map_person(connection, oidc_attributes(claims))
            return _finish(institution, connection, pending, person)
        except SsoRefused as exc:
            return _refused(institution, exc, OIDC)


def _finish(
    institution: Institution, connection: SsoConnection, pending: SsoRequest, person: Person
):
    """Inside the tenant: a test shows what was sent; a sign-in links, admits and signs in."""
    if pending.purpose == "test":
        store_test(connection, person)
        db.session.commit()
        return redirect(url_for("sso_settings.test", slug=institution.slug))
    if not connection.enabled:
        raise SsoRefused("not_enabled", "This institution has not switched single sign-on on.")
    outcome = resolve(connection, person)
    if outcome.link is not None:
        session[PENDING_LINK] = {
            "i": institution.id,
            "u": outcome.link.id,
            "s": person.subject,
            "e": person.email,
            "n": person.name,
            "a": person.affiliations,
            "next": pending.next_path,
        }
        record("sso.link_asked", outcome.link, actor=NOBODY, protocol=connection.protocol)
        db.session.commit()
        return redirect(url_for("sso.link", slug=institution.slug))
    assert outcome.user is not None
    complete(institution, connection, outcome.user, person)
    db.session.commit()
    return redirect(safe_next(pending.next_path, url_for("home.index", slug=institution.slug)))


def _refused(institution: Institution, exc: SsoRefused, protocol: str):
    db.session.rollback()
    refuse(exc.reason, protocol)
    db.session.commit()
    return _refused_page(institution, exc.reason, protocol, str(exc))


def _refused_page(institution, reason: str, protocol: str, message: str = ""):
    if institution is None:
        with unscoped():
            record("sso.login_failed", None, actor=NOBODY, reason=reason, protocol=protocol)
            db.session.commit()
        message = "This institution does not offer single sign-on."
    page = render_template("sso/refused.html", message=message, reason=reason, slug=g.slug)
    return page, 403


@bp.route("/<slug:slug>/link", methods=["GET", "POST"])
@outside_tenant
def link():
    """Link the identity to the existing account of the same email: its password, once."""
    pending = session.get(PENDING_LINK)
    found = connection_for(g.slug)
    if not pending or found is None or found[1] is None or pending.get("i") != found[0].id:
        flash("Start the sign-in with your university again.", "info")
        return redirect(url_for("auth.login"))
    institution, connection = found[0], found[1]
    with unscoped():  # the account is a platform row
        user = db.session.get(User, pending["u"])
    if user is None:
        session.pop(PENDING_LINK, None)
        return redirect(url_for("auth.login"))
    form = LinkForm()
    if form_accepted(form, inline=True):
        throttle.slow_down(user.email)
        with tenant_scope(institution):
            if user.active and user.check_password(form.password.data):
                person = Person(
                    subject=pending["s"],
                    email=pending["e"],
                    name=pending["n"],
                    affiliations=pending["a"],
                )
                try:
                    link_identity(user, person.subject)
                    complete(institution, connection, user, person)
                except SsoRefused as exc:
                    session.pop(PENDING_LINK, None)
                    return _refused(institution, exc, connection.protocol)
                record("sso.linked", user, actor=user, protocol=connection.protocol)
                session.pop(PENDING_LINK, None)
                db.session.commit()
                return redirect(
                    safe_next(pending.get("next"), url_for("home.index", slug=institution.slug))
                )
            throttle.count_failure(user.email.lower())
            refuse("link_wrong_password", connection.protocol, user)
            db.session.commit()
        form.password.errors = ["That is not the password of this account."]
    return render_template("sso/link.html", form=form, email=user.email, institution=institution)


@bp.before_app_request
def require_sso():
    """In an institution that requires SSO, send password sign-ins to its identity provider.

    Runs after `load_tenant`; costs nothing unless the institution requires SSO, and one query
    for a person who signed in with a password there (a break-glass admin passes).
    """
    institution, membership = g.get("institution"), g.get("membership")
    if membership is None or not institution.sso_required:
        return None
    if signed_in_via(current_user, institution.id):
        return None
    connection = current_connection()
    if connection is None or not connection.is_ready:
        return None  # never lock everyone out of a half-configured connection
    if membership.is_admin and current_user.email.lower() in connection.break_glass_emails:
        return None
    flash(f"{institution.name} asks you to sign in with your university account.", "info")
    return redirect(url_for("sso.start", slug=institution.slug, next=request.full_path.rstrip("?")))
