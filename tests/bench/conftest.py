"""Fixtures of the bench tests: a tiny volume seeded into the test database."""

from __future__ import annotations

import pytest

from bench import volume
from careercenter.plans import document


@pytest.fixture
def fast_page_counts(monkeypatch):
    """Count every leave-behind as one page: the demo seeds would render ~40 PDFs otherwise
    (the PDF endpoint and the PDF floor still render for real)."""
    monkeypatch.setattr(document, "page_count", lambda doc, institution: 1)


@pytest.fixture
def seeded(arrange, fast_page_counts):
    return volume.seed_volume(volume.TINY)
