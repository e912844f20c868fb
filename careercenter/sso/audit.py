"""What the audit log calls single sign-on events (a refusal keeps its reason, never the
assertion or token)."""

from __future__ import annotations

from ..audit.labels import register_actions

register_actions(
    {
        "sso.login": "Signed in with the university's identity provider",
        "sso.login_failed": "Single sign-on refused",
        "sso.joined": "Joined as a student through single sign-on",
        "sso.link_asked": "Asked to link a university sign-in to an account",
        "sso.linked": "Linked a university sign-in to their account",
        "sso.settings_changed": "Changed single sign-on settings",
        "sso.tested": "Tested the single sign-on connection",
        "sso.metadata_refreshed": "Identity provider metadata updated",
        "sso.metadata_failed": "Identity provider metadata could not be fetched",
    }
)
