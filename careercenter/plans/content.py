"""The blueprint document: one JSON `content` value with a schema checked on the server.

Lists (insider entries, goals, obstacles, bullets) live inside one document rather than in
child rows, so the editor loads in one query whatever their number, and one version counter
on the plan guards the whole document against stale saves.
"""

from __future__ import annotations

import copy
import enum
from datetime import date
from typing import Any

from ..actions import Refused

RESEARCH_KEYS = ("expectations", "duties", "obstacles", "big_picture")
PHASES = ("days_30", "days_60", "days_90")
PHASE_LABELS = {"days_30": "Days 1–30", "days_60": "Days 31–60", "days_90": "Days 61–90"}
LIST_KEYS = ("insiders", "goals", "obstacles")

# Caps that keep a blueprint near the one-page leave-behind it is for, and bound the work of
# rendering it (a maximal plan renders in well under a second).
MAX_TEXT = 1500
MAX_SHORT = 300
MAX_BULLET = 250
MAX_ITEMS = {"insiders": 20, "goals": 6, "obstacles": 8}
MAX_BULLETS = 6
ITEM_NOUNS = {"insiders": "insider conversations", "goals": "goals", "obstacles": "obstacles"}
# Non-breaking spaces become ordinary ones and invisible joiners go: the PDF renderer lays out
# each no-break space as a fragment of its own, in time quadratic in their number (a capped plan
# of words joined by them took 1.2 s, not 0.2 s), and a one-page handout needs neither. The
# zero-width space stays: it is a break opportunity (Thai, long links), and cheap.
_PLAIN_SPACES = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u2007": " ",  # figure space
        "\u202f": " ",  # narrow no-break space
        "\u2060": None,  # word joiner
        "\ufeff": None,  # zero-width no-break space (byte-order mark)
    }
)


class InsiderRole(enum.StrEnum):
    """Who an insider research conversation was with."""

    CURRENT_INCUMBENT = "current_incumbent"
    FORMER_INCUMBENT = "former_incumbent"
    HIRING_MANAGER = "hiring_manager"
    DEPARTMENT_MANAGER = "department_manager"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "current_incumbent": "Current person in the role",
            "former_incumbent": "Former person in the role",
            "hiring_manager": "Hiring manager",
            "department_manager": "Department manager",
            "other": "Someone else inside",
        }[self.value]


class ContentError(Refused):
    """The document does not fit the blueprint schema; nothing should be saved."""


def too_many(kind: str) -> str:
    """Return the message for a list that would pass its cap."""
    return (
        f"A blueprint holds at most {MAX_ITEMS[kind]} {ITEM_NOUNS[kind]}, so that it stays "
        "close to a one-page leave-behind."
    )


def empty_item(kind: str) -> dict[str, Any]:
    """Return a blank entry of the list `kind`."""
    if kind == "insiders":
        return {
            "who": InsiderRole.HIRING_MANAGER.value,
            "name": "",
            "title": "",
            "date": "",
            "takeaways": "",
        }
    if kind == "goals":
        return {"title": "", **{p: [] for p in PHASES}, "draws_on": "", "measure": ""}
    if kind == "obstacles":
        return {"obstacle": "", "navigation": ""}
    raise ContentError(f"Unknown list {kind!r}.")


def empty_content() -> dict[str, Any]:
    """Return a new, empty blueprint document."""
    return {
        "research": dict.fromkeys(RESEARCH_KEYS, ""),
        "insiders": [],
        "knowledge_plan": "",
        "goals": [],
        "obstacles": [],
        "impact": "",
        "hook": {"functions": "", "script": ""},
    }


def plain_spaces(text: str) -> str:
    """Return `text` with non-breaking spaces as ordinary ones and no invisible joiners."""
    return text.translate(_PLAIN_SPACES)


def _text(value: Any, where: str, limit: int = MAX_TEXT) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ContentError(f"{where} must be text.")
    value = plain_spaces(value).replace("\r\n", "\n").strip()
    if len(value) > limit:
        raise ContentError(f"{where} has {len(value)} characters; the most is {limit}. Shorten it.")
    return value


def _bullets(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = split_bullets(value)
    if not isinstance(value, list):
        raise ContentError(f"{where} must be a list of actions.")
    bullets = [b for b in (_text(v, where, MAX_BULLET) for v in value) if b]
    if len(bullets) > MAX_BULLETS:
        raise ContentError(
            f"{where} has {len(bullets)} actions; the most is {MAX_BULLETS}. Keep the strongest."
        )
    return bullets


def split_bullets(text: str) -> list[str]:
    """Turn "one action per line" text into bullets, dropping list markers and blank lines."""
    bullets = []
    for line in text.splitlines():
        line = line.strip().lstrip("-•*·").strip()
        if line:
            bullets.append(line)
    return bullets


def _date(value: Any, where: str) -> str:
    value = _text(value, where, 10)
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ContentError(f"{where} must be a date (YYYY-MM-DD).") from None
    return value


def _mapping(value: Any, where: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ContentError(f"{where} must be a group of fields.")
    return value


def _items(raw: dict, kind: str) -> list[dict]:
    items = raw.get(kind) or []
    if not isinstance(items, list):
        raise ContentError(f"{kind.capitalize()} must be a list.")
    if len(items) > MAX_ITEMS[kind]:
        raise ContentError(too_many(kind))
    return [_mapping(item, kind.capitalize()) for item in items]


def normalize(raw: Any) -> dict[str, Any]:
    """Return a clean copy of a blueprint document, or raise ContentError saying what is wrong."""
    raw = _mapping(raw, "The blueprint")
    research = _mapping(raw.get("research"), "Research")
    hook = _mapping(raw.get("hook"), "Set the hook")
    insiders = []
    for n, item in enumerate(_items(raw, "insiders"), start=1):
        where = f"Insider {n}"
        who = item.get("who") or InsiderRole.OTHER.value
        if who not in {r.value for r in InsiderRole}:
            raise ContentError(f"{where}: choose who you talked with.")
        insiders.append(
            {
                "who": who,
                "name": _text(item.get("name"), f"{where} name", MAX_SHORT),
                "title": _text(item.get("title"), f"{where} title", MAX_SHORT),
                "date": _date(item.get("date"), f"{where} date"),
                "takeaways": _text(item.get("takeaways"), f"{where} takeaways"),
            }
        )
    goals = []
    for n, item in enumerate(_items(raw, "goals"), start=1):
        where = f"Goal {n}"
        goal = {"title": _text(item.get("title"), f"{where} title", MAX_SHORT)}
        for phase in PHASES:
            goal[phase] = _bullets(item.get(phase), f"{where}, {PHASE_LABELS[phase]}")
        goal["draws_on"] = _text(item.get("draws_on"), f"{where} experience and skills")
        goal["measure"] = _text(item.get("measure"), f"{where} measure of success", MAX_SHORT)
        goals.append(goal)
    obstacles = [
        {
            "obstacle": _text(item.get("obstacle"), f"Obstacle {n}", MAX_SHORT * 2),
            "navigation": _text(item.get("navigation"), f"Obstacle {n}, how you will navigate"),
        }
        for n, item in enumerate(_items(raw, "obstacles"), start=1)
    ]
    return {
        "research": {k: _text(research.get(k), f"Research: {k}") for k in RESEARCH_KEYS},
        "insiders": insiders,
        "knowledge_plan": _text(raw.get("knowledge_plan"), "Knowledge plan"),
        "goals": goals,
        "obstacles": obstacles,
        "impact": _text(raw.get("impact"), "Impact"),
        "hook": {
            "functions": _text(hook.get("functions"), "People to talk with", MAX_SHORT),
            "script": _text(hook.get("script"), "Hook script"),
        },
    }


def apply_list_op(content: dict[str, Any], op: str) -> tuple[dict[str, Any], str | None]:
    """Apply an editor list operation ("add:goals", "remove:goals:2", "up:…", "down:…").

    Return the new document and the anchor to return to; an unknown or out-of-range
    operation leaves the document unchanged.
    """
    parts = op.split(":")
    content = copy.deepcopy(content)
    if len(parts) < 2 or parts[1] not in LIST_KEYS:
        return content, None
    action, kind = parts[0], parts[1]
    items = content[kind]
    if action == "add" and len(parts) == 2:
        if len(items) >= MAX_ITEMS[kind]:
            raise ContentError(too_many(kind))
        items.append(empty_item(kind))
        return content, f"{kind}-{len(items) - 1}"
    if len(parts) != 3 or not parts[2].isdigit() or int(parts[2]) >= len(items):
        return content, None
    index = int(parts[2])
    if action == "remove":
        items.pop(index)
        return content, kind
    target = index - 1 if action == "up" else index + 1 if action == "down" else None
    if target is None or not 0 <= target < len(items):
        return content, f"{kind}-{index}"
    items[index], items[target] = items[target], items[index]
    return content, f"{kind}-{target}"
