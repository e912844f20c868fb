"""A student's records, section by section: each capability says what it holds and how to erase it.

The records package builds a student's download (a ZIP of JSON files and their blueprints'
PDFs) and removes a student from an institution, but knows no capability: each registers, from
its own `records.py`, a collector (what it holds about one membership) and an eraser (delete or
anonymise it), so a capability added later (published feedback, notifications) fills its own
section without the records package importing it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .tenancy.models import Membership


@dataclass(frozen=True)
class Collected:
    """One section of a student's records: JSON-ready data, plus files (path in ZIP -> bytes)."""

    data: Any
    files: dict[str, bytes] = field(default_factory=dict)


Collector = Callable[[Membership], Collected]
Eraser = Callable[[Membership], None]


@dataclass(frozen=True)
class Section:
    name: str  # the JSON file's name in the ZIP: `<name>.json`
    collect: Collector
    erase: Eraser | None
    order: int
    description: str


_sections: dict[str, Section] = {}


def register_section(
    name: str,
    collect: Collector,
    erase: Eraser | None = None,
    *,
    order: int = 50,
    description: str = "",
) -> None:
    """Add a section to every student's records.

    `collect(membership)` returns what the capability holds about that student in the current
    institution (a query or a few, whatever the volume); `erase(membership)` deletes or
    anonymises it when the student is removed from the institution, inside the removal's
    transaction. Erasers run from the highest `order` down, before the membership is deleted,
    so a capability built on another erases first.
    """
    _sections[name] = Section(name, collect, erase, order, description)


def sections() -> list[Section]:
    """Return every registered section, in order."""
    return sorted(_sections.values(), key=lambda s: (s.order, s.name))


def erasers() -> list[Section]:
    """Return the sections that erase something, in the order they run."""
    return [s for s in reversed(sections()) if s.erase is not None]
