"""Fixtures of the blueprint tests."""

from __future__ import annotations

import pytest

from careercenter.plans import document


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """Record every leave-behind render (the HTML rendered), by the app or by `arrange`."""
    seen: list[str] = []
    real = document.render_pdf
    monkeypatch.setattr(document, "render_pdf", lambda html: seen.append(html) or real(html))
    return seen
