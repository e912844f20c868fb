"""Every route under /<slug>/ answers 404 to members of another institution.

Generated from `app.url_map`: a new route with an id and no case in `tests/tenancy/cases/`
makes this suite fail. Each case has a positive control (the owner's institution reaches
it), so a route that always answers 404 cannot pass.
"""

from __future__ import annotations

import pytest
from flask import url_for

from careercenter.tenancy.models import Role

from ..conftest import make_app
from .cases import CASES, load_all

# Routes outside tenancy that take a value, and why they need no cross-tenant case.
NOT_TENANT_DATA = {
    "static": "serves public static files",
    "accounts.accept_invitation": "a signed token, checked in tests/auth/test_tokens.py",
    "accounts.reset_password": "a signed token, checked in tests/auth/test_tokens.py",
    "account.end_session": "a person's own sign-in session, checked in tests/auth/test_sessions.py",
    # Single sign-on runs before anyone is a member: each route finds its institution and works
    # inside its tenant scope; one institution's answers are refused at another's in
    # tests/sso/test_oidc.py and tests/sso/test_saml.py.
    "sso.saml_metadata": "public by design: this service's SP metadata, for every institution",
    "sso.start": "public: anyone may start signing in with an institution's identity provider",
    "sso.saml_acs": "public: a signed assertion for this institution's request, else refused",
    "sso.oidc_callback": "public: state bound to this browser and to this institution's request",
    "sso.link": "the identity waiting in this browser's session, checked in tests/sso/",
}


def _rules():
    app = make_app("sqlite://")
    load_all()
    rules = []
    for rule in app.url_map.iter_rules():
        args = set(rule.arguments)
        if not args or rule.endpoint in NOT_TENANT_DATA:
            continue
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        rules.append(pytest.param(rule.endpoint, sorted(args), methods, id=rule.endpoint))
    return rules


def _view_roles(app, endpoint) -> set[Role]:
    view = app.view_functions[endpoint]
    return set(getattr(view, "allowed_roles", set(Role)))


def _request(client, method, url):
    # Buffered: a streamed download (a CSV export) is read and closed, as a server would.
    return client.open(url, method=method, data={}, buffered=True)


@pytest.mark.parametrize(("endpoint", "args", "methods"), _rules())
def test_other_institution_answers_404(endpoint, args, methods, app, world, auth, client):
    assert "slug" in args, f"{endpoint} takes ids but no institution slug: it escapes tenancy"
    extra = set(args) - {"slug"}
    case = CASES.get(endpoint)
    if extra and case is None:
        pytest.fail(f"{endpoint} takes {sorted(extra)}: add a case in tests/tenancy/cases/")
    if case is not None:
        values, role = case.build(world), case.role
        method_list = [case.method] if case.method else methods
    else:
        values, role = {}, sorted(_view_roles(app, endpoint))[0]
        method_list = methods
    assert set(values) == extra, (
        f"case for {endpoint} builds {sorted(values)}, need {sorted(extra)}"
    )

    with app.test_request_context():
        own = url_for(endpoint, slug=world.b.slug, **values)
        foreign = url_for(endpoint, slug=world.a.slug, **values)
    for method in method_list:
        # Positive control: a member of the owning institution gets past tenancy.
        auth.login_as(world.b.member(role))
        response = _request(client, method, own)
        assert response.status_code != 404, f"control: {method} {own} answered 404 to its owner"
        auth.logout()
        # A member of the other institution: through their own slug, and through the owner's.
        auth.login_as(world.a.member(role))
        for url in (foreign, own) if extra else (own,):
            response = _request(client, method, url)
            assert response.status_code == 404, f"{method} {url} leaked: {response.status_code}"
            assert world.b.institution.name not in response.get_data(as_text=True)
        auth.logout()
