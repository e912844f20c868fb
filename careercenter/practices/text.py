"""Render a practice's guidance (plain text with a safe subset of Markdown) as escaped HTML.

markdown-it-py, restricted to paragraphs, lists, *emphasis*, **strong** and backslash escapes,
follows CommonMark's delimiter rules, so even mis-nested input (`**bold *both** em*`) renders
as well-formed HTML. Raw HTML, links, images, headings and code stay literal text, escaped.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

_GUIDANCE = MarkdownIt("zero", {"html": False}).enable(["list", "emphasis", "escape"])


def guidance_html(text: str) -> Markup:
    """Return paragraphs, bullet and numbered lists, *emphasis* and **strong**; the rest escaped."""
    return Markup(_GUIDANCE.render(text or ""))  # noqa: S704 - html off: every text is escaped
