"""What changed between two revisions: per section, with a word-level difference."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..plans.content import PlanDocument
from .anchors import sections

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class SectionChange:
    key: str
    title: str
    changed: bool
    diff: Markup  # the new text with insertions and deletions marked (<ins>, <del>)


def word_diff(old: str, new: str) -> Markup:
    """Return `new` as escaped HTML with the words added (<ins>) and removed (<del>) since `old`."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
        if op == "equal":
            out.append(str(escape("".join(a[i1:i2]))))
    return Markup("".join(out))  # noqa: S704 - every piece of text above was escaped


def changed_sections(old: PlanDocument, new: PlanDocument) -> set[str]:
    """Return the keys of the sections whose text differs between `old` and `new`."""
    before = {s.key: s.text for s in sections(old)}
    return {s.key for s in sections(new) if before.get(s.key) != s.text}


def section_changes(old: PlanDocument, new: PlanDocument) -> dict[str, SectionChange]:
    """Return each section of `new` with whether it changed since `old`, and how."""
    before = {s.key: s.text for s in sections(old)}
    result = {}
    for section in sections(new):
        old_text = before.get(section.key, "")
        changed = old_text != section.text
        diff = word_diff(old_text, section.text) if changed else Markup("")
        result[section.key] = SectionChange(section.key, section.title, changed, diff)
    return result
