"""The leave-behind: one view of a blueprint (working copy or revision) as HTML and PDF."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Any

from flask import render_template

from ..pdf import FONT_FAMILY, count_pages, render_pdf
from ..tenancy.models import Institution
from . import basis
from .content import PHASE_LABELS, PHASES, LeaveBehindChoices, PlanDocument, plain_spaces
from .models import Plan, PlanRevision, RevisionHeader

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
DEFAULT_COLOUR = "#1f5f8b"


@dataclass(frozen=True)
class LeaveBehind:
    """Everything the leave-behind shows, from the plan's draft or from a frozen revision."""

    student_name: str
    student_email: str
    employer: str
    role_title: str
    posting_url: str
    first_interview_on: str
    second_interview_on: str
    content: PlanDocument
    source: str  # e.g. "Current draft" or "Revision 2 (approved)"

    @property
    def choices(self) -> LeaveBehindChoices:
        """Return what the student chose to show (a document saved before choices: the email)."""
        return self.content.leave_behind or LeaveBehindChoices(email=self.student_email)

    @property
    def contact(self) -> list[str]:
        """Return the contact details the header shows, in the order they are read."""
        choices = self.choices
        return [value for value in (choices.email, choices.phone, choices.link) if value]

    @property
    def research_basis(self) -> str:
        """Return the research-basis line the student asked for, or ""."""
        return basis.research_basis(self.content.insiders) if self.choices.research_basis else ""

    def footer(self, institution_name: str) -> list[str]:
        """Return the footer's parts the student asked for (none: no footer)."""
        choices, parts = self.choices, []
        if choices.credit:
            parts.append(f"Prepared with the {institution_name} career center")
        if choices.posting_link and self.posting_url:
            parts.append(f"Posting: {self.posting_url}")
        return parts


def _iso(value: date | str | None) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return value or ""


def header_snapshot(plan: Plan) -> RevisionHeader:
    """Return the header a revision freezes: the opportunity and the student's contact."""
    user = plan.owner.user
    return RevisionHeader(
        student_name=user.name,
        student_email=user.email,
        employer=plan.employer,
        role_title=plan.role_title,
        posting_url=plan.posting_url,
        first_interview_on=_iso(plan.first_interview_on),
        second_interview_on=_iso(plan.second_interview_on),
    )


def from_plan(plan: Plan) -> LeaveBehind:
    """Return the leave-behind of the plan's working copy."""
    header = header_snapshot(plan)
    return _build(header, plan.content, "Current draft")


def from_revision(revision: PlanRevision) -> LeaveBehind:
    """Return the leave-behind of a submitted revision."""
    source = f"Revision {revision.number} ({revision.state.label.lower()})"
    return _build(revision.header, revision.content, source)


def _build(header: RevisionHeader, content: PlanDocument, source: str) -> LeaveBehind:
    return LeaveBehind(**asdict(header), content=content, source=source)


def safe_colour(value: str | None) -> str:
    """Return `value` if it is a #rrggbb colour, else the default brand colour."""
    return value if value and _COLOUR.fullmatch(value) else DEFAULT_COLOUR


def render_html(doc: LeaveBehind, institution: Institution, back_url: str | None = None) -> str:
    """Return the leave-behind as (autoescaped) HTML for the PDF renderer.

    Header text gets the non-breaking spaces treatment the document's text got as it was
    read (see `content.plain_spaces`), so that it renders as quickly. With `back_url` it is the
    printable page: the same document, with a bar (not printed) that links back there.
    """
    plain: dict[str, Any] = {
        f.name: plain_spaces(getattr(doc, f.name)) for f in fields(doc) if f.name != "content"
    }
    return render_template(
        "plans/leave_behind.html",
        doc=replace(doc, **plain),
        institution=institution,
        font_family=FONT_FAMILY,
        colour=safe_colour(institution.brand_colour),
        phases=PHASES,
        phase_labels=PHASE_LABELS,
        screen=back_url is not None,
        back_url=back_url,
    )


def render(doc: LeaveBehind, institution: Institution) -> bytes:
    """Return the leave-behind as PDF bytes."""
    return pdf_of_html(render_html(doc, institution))


def pdf_of_html(html: str) -> bytes:
    """Render leave-behind HTML to PDF bytes: every render of a leave-behind goes through here."""
    return render_pdf(html)


def page_count(doc: LeaveBehind, institution: Institution) -> int:
    """Return how many pages the leave-behind takes."""
    return count_html_pages(render_html(doc, institution))


def count_html_pages(html: str) -> int:
    """Return how many pages the leave-behind HTML `html` takes as a PDF."""
    return count_pages(pdf_of_html(html))


def html_digest(html: str) -> str:
    """Return the digest that names a leave-behind's HTML (its page count, its stored PDF)."""
    return hashlib.sha256(html.encode()).hexdigest()


# Letters NFKD does not take apart into a base letter and marks, spelled as their languages
# spell them in ASCII (Łucja → Lucja, Søren → Soren, Straße → Strasse, Æsa → AEsa).
_ASCII_LETTERS = str.maketrans(
    {
        "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "ß": "ss", "ẞ": "SS", "Æ": "AE", "æ": "ae",
        "Œ": "OE", "œ": "oe", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Þ": "Th", "þ": "th",
        "Ħ": "H", "ħ": "h", "ı": "i", "Ŀ": "L", "ŀ": "l", "Ŧ": "T", "ŧ": "t",
    }
)  # fmt: skip


def ascii_text(text: str) -> str:
    """Return `text` in ASCII letters: accents dropped, letters like Ł and ß spelled out."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII_LETTERS))
    return decomposed.encode("ascii", "ignore").decode()


def download_name(doc: LeaveBehind) -> str:
    """Return a safe ASCII file name such as "Nguyen-Thi-Minh-Northwind-Health-90-day.pdf"."""
    raw = ascii_text(f"{doc.student_name} {doc.employer} 90-day blueprint")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", raw).strip("-")[:100]
    return f"{slug or 'blueprint'}.pdf"
