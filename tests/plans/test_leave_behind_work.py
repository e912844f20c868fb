"""The work of laying out a leave-behind: no text makes it costlier than ordinary text.

Work is counted (xhtml2pdf's text fragments), not timed: the bench (`make bench`) shows times.
"""

from __future__ import annotations

import pytest
from xhtml2pdf.context import pisaContext

from careercenter.pdf import render_pdf
from careercenter.plans import document
from careercenter.plans.content import PlanDocument
from careercenter.tenancy.models import Institution

from .helpers import capped_content, typical_content

NBSP = "\u00a0"


@pytest.fixture
def fragments(monkeypatch) -> list[int]:
    """Count the text fragments xhtml2pdf lays out (a paragraph's cost grows with their square)."""
    count = [0]
    real = pisaContext._appendFrag

    def counting(self, frag):
        count[0] += 1
        return real(self, frag)

    monkeypatch.setattr(pisaContext, "_appendFrag", counting)
    return count


def _layout(content: dict, count: list[int]) -> int:
    read = PlanDocument.from_json(content, caps=False)  # as a stored document is read
    doc = document.LeaveBehind("Ana Sofía", "ana@x.example", "Northwind", "Analyst", "", "", "",
                               read, "Current draft")  # fmt: skip
    html = document.render_html(doc, Institution(name="Northfield University"))
    count[0] = 0
    render_pdf(html)
    return count[0]


@pytest.mark.parametrize(
    ("separator", "word"),
    [(NBSP, "a"), ("\u202f", "a"), ("\u2060", "a "), (" ", "&"), (" ", "'"), ("", "<")],
    ids=["no-break spaces", "narrow no-break spaces", "word joiners", "ampersands",
         "apostrophes", "angle brackets"],
)  # fmt: skip
def test_a_capped_plan_of_any_text_lays_out_like_ordinary_text(arrange, fragments, separator, word):
    # Before: every no-break space and every escaped character was a fragment of its own, and a
    # capped plan of them took 1.2-1.7 s to render instead of 0.2 s.
    ordinary = _layout(capped_content(" ", "a"), fragments)
    assert _layout(capped_content(separator, word), fragments) == ordinary


def test_saved_text_has_plain_spaces():
    content = typical_content().to_json()
    content["impact"] = f"Managers{NBSP}plan{NBSP}staffing\u2060 a\u202fday\ufeff earlier\u200b."
    assert PlanDocument.from_json(content).impact == "Managers plan staffing a day earlier\u200b."
