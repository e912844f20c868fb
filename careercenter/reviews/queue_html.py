"""The queue page's content as HTML, kept per process under everything it shows.

Rendering fifty rows with their counts and filters was a third of the page's time. The key
holds every value the fragment shows (counts, filters, rows, choices, target) and the
institution's address, so a change to any of them renders afresh: nothing to invalidate.
"""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from ..lru import LRU
from ..tenancy.models import Institution
from .queue import STATES, Counts, QueueFilters, QueueRow

_kept = LRU(64)


def render_content(
    institution: Institution,
    counts: Counts,
    rows: list[QueueRow],
    more: bool,
    filters: QueueFilters,
    cohorts: list[tuple[int, str]],
    reviewers: list[tuple[int, str]],
    target: int,
) -> Markup:
    """Return the HTML of the queue's counts, filters, rows and pager (kept while it holds)."""
    key = (
        institution.id,
        institution.created_at,
        institution.slug,
        counts,
        tuple(rows),
        more,
        filters,
        tuple(cohorts),
        tuple(reviewers),
        target,
    )

    def render() -> str:
        return render_template(
            "reviews/_queue.html",
            counts=counts,
            rows=rows,
            more=more,
            filters=filters,
            states=STATES,
            cohorts=cohorts,
            reviewers=reviewers,
            target=target,
        )

    return Markup(_kept.cached(key, render))  # noqa: S704 - HTML the template escaped


def clear() -> None:
    """Forget every kept fragment (tests)."""
    _kept.clear()
