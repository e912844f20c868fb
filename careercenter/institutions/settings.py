"""Institution settings: apply a form's values, refusing saves made from an outdated page."""

from __future__ import annotations

import hashlib
import json

from ..actions import check_version
from ..audit import record
from ..tenancy.models import Institution

STALE = (
    "Someone else saved these settings after you opened the page, so your changes were "
    "not saved. The page now shows the current settings; make your change again."
)


def settings_fingerprint(institution: Institution, fields) -> str:
    """Return a short digest of the current values of `fields`, carried by the form."""
    values = [str(getattr(institution, name)) for name in fields]
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()[:32]


def update_settings(
    institution: Institution,
    values: dict,
    loaded: str | None,
    action: str = "institution.settings_changed",
) -> dict:
    """Apply `values` (attribute → value); return what changed as {attribute: [from, to]}.

    `loaded` is the fingerprint of those attributes when the page was shown: a save from an
    out-of-date page raises Conflict (the fingerprint is these settings' version). Changes
    are audited as `action`.
    """
    check_version(settings_fingerprint(institution, values.keys()), loaded, STALE)
    changes = {}
    for name, value in values.items():
        previous = getattr(institution, name)
        if previous != value:
            changes[name] = [previous, value]
            setattr(institution, name, value)
    if changes:
        record(action, institution, changes=changes)
    return changes
