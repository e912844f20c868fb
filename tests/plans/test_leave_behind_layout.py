"""The leave-behind PDF carries what the student chose, and its wrapped bullets hang."""

from __future__ import annotations

import io

from pypdf import PdfReader

from careercenter.plans import document
from careercenter.plans.content import LeaveBehindChoices
from careercenter.tenancy.models import Institution

from .helpers import typical_content

LONG = (
    "Meet each ward manager and agree the data they need for the weekly capacity report, "
    "then write it down"
)


def _lines(data: bytes) -> list[tuple[float, float, str]]:
    """Return (x, y, text) of each text run on page one."""
    runs: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append((round(cm[4] + tm[4], 1), round(cm[5] + tm[5], 1), text.strip()))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return runs


def _pdf(app, content, posting="https://jobs.example/42") -> bytes:
    doc = document.LeaveBehind(
        "Łucja Nowak", "lucja@uni.example", "Northwind", "Analyst", posting, "", "", content, "D"
    )
    with app.test_request_context():
        return document.render(doc, Institution(name="Northfield University"))


def test_wrapped_bullets_hang_under_their_text(app):
    content = typical_content(goals=1)
    content.goals[0].days_30 = [LONG]
    runs = _lines(_pdf(app, content))
    start = next(i for i, run in enumerate(runs) if run[2].startswith("Meet each ward"))
    bullet, first, second = runs[start - 1], runs[start], runs[start + 1]
    assert bullet[2] == "•" and bullet[1] == first[1]
    assert first[0] > bullet[0] + 5  # the text starts right of its marker
    assert second[1] < first[1] and second[0] == first[0]  # the next line hangs under it


def test_pdf_shows_the_choices_and_drawing_on(app):
    content = typical_content(goals=1)
    text = " ".join(run[2] for run in _lines(_pdf(app, content)))
    assert "Drawing on: SQL and the dashboard project from my internship" in text
    assert "student@example.com" in text and "jobs.example" not in text
    assert "Based on" not in text and "career center" not in text
    content.leave_behind = LeaveBehindChoices(
        email="",
        phone="+1 (555) 010-0142",
        link="https://www.linkedin.com/in/lucja",
        research_basis=True,
        credit=True,
        posting_link=True,
    )
    text = " ".join(run[2] for run in _lines(_pdf(app, content)))
    assert "student@example.com" not in text
    assert "+1 (555) 010-0142 · https://www.linkedin.com/in/lucja" in text
    assert "Based on conversations with the Analyst in the role." in text
    assert "Prepared with the Northfield University career center" in text
    assert "Posting: https://jobs.example/42" in text
    assert "Sam Lee" not in text and "Monday report is everything" not in text
