"""The elements of a blueprint document that comments anchor to, and where a comment stands.

Each element has an id that survives revisions: fixed for a section and for the single
answers (`research.duties`, `impact`), built from the entry's stable id for list entries
(`goal:g1`, `goal:g1:days_30`, `insider:i2`, `obstacle:o1`), and from the action's stable id
for each action of a phase (`goal:g1:days_30:a2`). A comment keeps the element's
text as it was; on a later revision it is "current" (same text), "changed" (the element's
text changed since) or "orphaned" (the element is gone).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from functools import cached_property

from ..plans.content import PHASE_LABELS, PHASES, PlanDocument

RESEARCH_LABELS = {
    "expectations": "Expectations, goals and objectives",
    "duties": "Principal duties",
    "obstacles": "Known obstacles",
    "big_picture": "The big picture",
}


def dom_id(element_id: str) -> str:
    """Return an element id as an HTML id may hold it (no ':' or '.')."""
    return element_id.replace(":", "-").replace(".", "-")


@dataclass(frozen=True)
class Element:
    """One commentable part of the document: its id, what people read it as, its text."""

    id: str
    label: str
    text: str
    lines: tuple[str, ...] = ()  # bullet points, shown as a list (a phase's actions)
    parts: tuple[Element, ...] = ()  # elements inside this one (each action of a phase)

    @cached_property
    def dom_id(self) -> str:
        """Return the id as HTML ids on the review screen spell it (`goal-g1-days_30`)."""
        return dom_id(self.id)


@dataclass
class Section:
    """A section of the document (itself commentable) and the elements inside it."""

    key: str
    title: str
    elements: list[Element] = field(default_factory=list)
    # A section that is one answer (learning the job, impact, hook) is its own only element.
    single: bool = False

    @property
    def id(self) -> str:
        return f"section:{self.key}"

    @property
    def dom_id(self) -> str:
        return dom_id(self.id)

    @property
    def text(self) -> str:
        return "\n\n".join(f"{e.label}: {e.text}" for e in self.elements)

    def as_element(self) -> Element:
        return Element(self.id, self.title, self.text)


def _insider_text(item) -> str:
    who = item.who.label + (f" — {item.name}" if item.name else "")
    who += f", {item.title}" if item.title else ""
    when = f" ({item.date.isoformat()})" if item.date else ""
    return f"{who}{when}: {item.takeaways}"


def sections(doc: PlanDocument) -> list[Section]:
    """Return the document's sections, in reading order, with their elements."""
    research = Section("research", "What I learned about the job")
    research.elements = [
        Element(f"research.{k}", v, getattr(doc.research, k)) for k, v in RESEARCH_LABELS.items()
    ]
    insiders = Section("insiders", "Insider research")
    insiders.elements = [
        Element(f"insider:{item.id}", f"Conversation {n}", _insider_text(item))
        for n, item in enumerate(doc.insiders, start=1)
    ]
    goals = Section("goals", "30-60-90 day goals")
    for n, goal in enumerate(doc.goals, start=1):
        name = f"Goal {n}: {goal.title or 'untitled'}"
        body = f"{goal.title}\nDrawing on: {goal.draws_on}\nMeasure of success: {goal.measure}"
        goals.elements.append(Element(f"goal:{goal.id}", name, body))
        for phase in PHASES:
            actions = tuple(goal.actions(phase))
            where = f"goal:{goal.id}:{phase}"
            label = f"Goal {n}, {PHASE_LABELS[phase]}"
            parts = tuple(
                Element(f"{where}:{action_id}", f"{label}, action {m}", text)
                for m, (action_id, text) in enumerate(
                    zip(goal.action_ids(phase), actions, strict=False), start=1
                )
            )
            goals.elements.append(Element(where, label, "\n".join(actions), actions, parts))
    obstacles = Section("obstacles", "Obstacles and how to navigate them")
    obstacles.elements = [
        Element(f"obstacle:{item.id}", f"Obstacle {n}", f"{item.obstacle} — {item.navigation}")
        for n, item in enumerate(doc.obstacles, start=1)
    ]
    return [
        research,
        insiders,
        Section(
            "knowledge_plan",
            "How I will learn the job",
            [Element("knowledge_plan", "How I will learn the job", doc.knowledge_plan)],
            single=True,
        ),
        goals,
        obstacles,
        Section(
            "impact",
            "Impact on the department",
            [Element("impact", "Impact on the department", doc.impact)],
            single=True,
        ),
        Section(
            "hook",
            "Set the hook",
            [Element("hook", "Set the hook", f"{doc.hook.functions}\n{doc.hook.script}")],
            single=True,
        ),
    ]


def elements(doc: PlanDocument) -> dict[str, Element]:
    """Return every commentable element of `doc` (sections included) by id."""
    return elements_of(sections(doc))


def elements_of(found_sections: list[Section]) -> dict[str, Element]:
    """Return every commentable element of these sections (themselves included) by id."""
    found: dict[str, Element] = {}
    for section in found_sections:
        if not section.single:
            found[section.id] = section.as_element()
        for element in section.elements:
            found[element.id] = element
            found.update((part.id, part) for part in element.parts)
    return found


class AnchorState(enum.StrEnum):
    CURRENT = "current"
    CHANGED = "changed"
    ORPHANED = "orphaned"

    @property
    def label(self) -> str:
        return {"current": "", "changed": "Changed since", "orphaned": "Orphaned"}[self.value]


def anchor_state(element_id: str, anchored_text: str, found: dict[str, Element]) -> AnchorState:
    """Return where a comment on `element_id`, made on `anchored_text`, stands in `found`."""
    element = found.get(element_id)
    if element is None:
        return AnchorState.ORPHANED
    return AnchorState.CURRENT if element.text == anchored_text else AnchorState.CHANGED
