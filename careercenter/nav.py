"""Navigation by role: each capability registers its entries where its routes live."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from flask import g, request, url_for

from .tenancy.models import Membership, Role


@dataclass(frozen=True)
class NavEntry:
    endpoint: str
    label: str
    roles: frozenset[Role]
    order: int


_entries: list[NavEntry] = []


def register_nav(endpoint: str, label: str, roles, order: int = 50) -> None:
    """Show a link to `endpoint` to members holding one of `roles`."""
    entry = NavEntry(endpoint, label, frozenset(Role(r) for r in roles), order)
    if entry not in _entries:
        _entries.append(entry)
        _entries.sort(key=lambda e: e.order)


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    current: bool


def nav_items(membership: Membership) -> list[NavItem]:
    """Return the navigation links for `membership`'s role, marking the current section.

    Built once per role, page, institution and registry (the layout shows them on every page).
    """
    return list(
        _nav_items(
            len(_entries), membership.role, request.endpoint, request.script_root, g.get("slug")
        )
    )


@lru_cache(maxsize=4096)
def _nav_items(
    _registered: int, role: Role, endpoint: str | None, _script_root: str, _slug: str | None
) -> tuple[NavItem, ...]:
    items = []
    for entry in _entries:
        if role in entry.roles:
            section = entry.endpoint.split(".", 1)[0]
            current = endpoint is not None and (
                endpoint == entry.endpoint
                or (section != "home" and endpoint.split(".", 1)[0] == section)
            )
            items.append(NavItem(section_url(entry.endpoint), entry.label, current))
    return tuple(items)


@lru_cache(maxsize=4096)
def _section_url(script_root: str, slug: str | None, endpoint: str) -> str:
    return url_for(endpoint)


def section_url(endpoint: str) -> str:
    """Return the URL of a page that takes no values but the institution's slug.

    Cached: the layout shows the same few links on every page, and building a URL is not free.
    """
    return _section_url(request.script_root, g.get("slug"), endpoint)


@lru_cache(maxsize=256)
def _static_url(script_root: str, filename: str) -> str:
    return url_for("static", filename=filename)


def static_url(filename: str) -> str:
    """Return the URL of a static file (cached, like `section_url`)."""
    return _static_url(request.script_root, filename)


# The characters Werkzeug leaves unescaped in a query string (`werkzeug.urls._urlencode`).
_QUERY_SAFE = "!$'()*,/:;?@"


def query_url(path: str, **query: Any) -> str:
    """Return `path` with `query` appended, None values left out: what `url_for` gives for
    arguments its route does not take, without matching a route for each link. For pages
    that list many links to one address (sort headers, filters, page numbers)."""
    items = [(name, value) for name, value in query.items() if value is not None]
    return f"{path}?{urlencode(items, safe=_QUERY_SAFE)}" if items else path


register_nav("home.index", "Home", list(Role), order=0)


@dataclass(frozen=True)
class HomeLink:
    url: str
    label: str
    hint: str = ""


# A next step's condition: called with the facts the home page gathered of the person (for a
# student: `has_cohort`, `blueprint_stage`), it says whether the step applies to them now.
LinkCondition = Callable[[Mapping[str, Any]], bool]
_home_links: dict[Role, list[tuple[int, str, str, str, LinkCondition | None]]] = {
    role: [] for role in Role
}


def register_home_link(
    role,
    endpoint: str,
    label: str,
    hint: str = "",
    order: int = 50,
    when: LinkCondition | None = None,
) -> None:
    """Suggest `endpoint` under "What to do next" on `role`'s home page (only `when` it applies)."""
    entries = _home_links[Role(role)]
    entry = (order, endpoint, label, hint, when)
    if entry not in entries:
        entries.append(entry)
        entries.sort(key=lambda e: e[:4])


def home_links(role, facts: Mapping[str, Any] | None = None) -> list[HomeLink]:
    """Return the next-step links for `role`'s home page that apply to someone with `facts`."""
    entries = _home_links[Role(role)]
    return [
        HomeLink(section_url(endpoint), label, hint)
        for _, endpoint, label, hint, when in entries
        if when is None or (facts is not None and when(facts))
    ]
