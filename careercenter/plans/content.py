"""The blueprint document: `PlanDocument`, stored as one JSON `content` value.

The JSON is checked and read into the typed document once, where it enters (a database
column, a posted editor), and the document is passed around typed from there.

Lists (insider entries, goals, obstacles, bullets) live inside one document rather than in
child rows, so the editor loads in one query whatever their number, and one version counter
on the plan guards the whole document against stale saves.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import secrets
from dataclasses import asdict, dataclass, field
from typing import Any

from ..actions import Refused
from .contact import contact_problems

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
# Every list entry carries a stable id that editing keeps (reordering, adding or removing other
# entries never changes it), so review comments stay anchored to it across revisions. The
# prefix says the kind; a stored document without ids gets them by position on load.
ID_PREFIX = {"insiders": "i", "goals": "g", "obstacles": "o"}
# Each action of a goal's phase carries one too (`Goal.days_30_ids`, beside `days_30`), unique
# in its phase; a stored goal without the ids gets them by position (`a1`, `a2`, …) on load.
ACTION_PREFIX = "a"
_ID = re.compile(r"[a-z][a-z0-9]{0,15}")
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


def plain_spaces(text: str) -> str:
    """Return `text` with non-breaking spaces as ordinary ones and no invisible joiners."""
    return text.translate(_PLAIN_SPACES)


@dataclass
class Research:
    """The answers to the four research questions about the job."""

    expectations: str = ""
    duties: str = ""
    obstacles: str = ""
    big_picture: str = ""


@dataclass
class InsiderConversation:
    """One research conversation with someone inside the employer."""

    who: InsiderRole = InsiderRole.HIRING_MANAGER
    name: str = ""
    title: str = ""
    date: dt.date | None = None
    takeaways: str = ""
    id: str = ""


@dataclass
class Goal:
    """One goal: its actions in each phase (named as in PHASES), what it draws on, its measure."""

    title: str = ""
    days_30: list[str] = field(default_factory=list)
    days_60: list[str] = field(default_factory=list)
    days_90: list[str] = field(default_factory=list)
    draws_on: str = ""
    measure: str = ""
    id: str = ""
    # The stable id of each action, in the same order as the actions of its phase.
    days_30_ids: list[str] = field(default_factory=list)
    days_60_ids: list[str] = field(default_factory=list)
    days_90_ids: list[str] = field(default_factory=list)

    def actions(self, phase: str) -> list[str]:
        """Return the actions of `phase` ("days_30", "days_60" or "days_90")."""
        if phase not in PHASES:
            raise KeyError(phase)
        actions: list[str] = getattr(self, phase)
        return actions

    def action_ids(self, phase: str) -> list[str]:
        """Return the ids of the actions of `phase`, one per action once ids are assigned."""
        if phase not in PHASES:
            raise KeyError(phase)
        ids: list[str] = getattr(self, f"{phase}_ids")
        return ids

    def assign_action_ids(self) -> None:
        """Give every action one id, kept if well formed and unique in its phase.

        A phase whose actions have no ids at all (built in code, or stored before actions had
        ids) gets them by position; otherwise a missing one is new and random, never reused.
        """
        for phase in PHASES:
            count, ids = len(self.actions(phase)), self.action_ids(phase)
            if count and not any(ids):
                ids[:] = [f"{ACTION_PREFIX}{n}" for n in range(1, count + 1)]
                continue
            kept: list[str] = []
            for n in range(count):
                given = ids[n] if n < len(ids) else ""
                if not (given and _ID.fullmatch(given) and given.startswith(ACTION_PREFIX)) or (
                    given in kept
                ):
                    given = new_id(ACTION_PREFIX)
                kept.append(given)
            ids[:] = kept


@dataclass
class Obstacle:
    """An obstacle to success in the job and how the student will navigate it."""

    obstacle: str = ""
    navigation: str = ""
    id: str = ""


@dataclass
class Hook:
    """Whom the student asks to talk with after the first interview, and the words to ask."""

    functions: str = ""
    script: str = ""


@dataclass
class LeaveBehindChoices:
    """What the student chooses to show on the leave-behind besides the plan itself.

    A document saved before these choices existed holds none (`PlanDocument.leave_behind` is
    None): its leave-behind shows the account's email, as it always did, and nothing else.
    """

    email: str = ""
    phone: str = ""
    link: str = ""  # LinkedIn profile or portfolio
    research_basis: bool = False  # "Based on conversations with …", by role from the log
    credit: bool = False  # footer: prepared with the career center
    posting_link: bool = False  # footer: the job posting's link


@dataclass
class PlanDocument:
    """A blueprint document: what `Plan.content` and `PlanRevision.content` hold.

    JSON meets this type only at the edges: `from_json` reads a stored column or a posted
    editor, `to_json` writes the column.
    """

    research: Research = field(default_factory=Research)
    insiders: list[InsiderConversation] = field(default_factory=list)
    knowledge_plan: str = ""
    goals: list[Goal] = field(default_factory=list)
    obstacles: list[Obstacle] = field(default_factory=list)
    impact: str = ""
    hook: Hook = field(default_factory=Hook)
    leave_behind: LeaveBehindChoices | None = None

    @classmethod
    def from_json(cls, data: Any, *, caps: bool = True) -> PlanDocument:
        """Return the document `data` holds, cleaned, or raise ContentError saying what is wrong.

        Without `caps` the length limits are not enforced: a stored document is read whatever
        the limits were when it was saved.
        """
        return _Reader(caps).document(data)

    def to_json(self) -> dict[str, Any]:
        """Return the document as the JSON value stored in the database."""
        self.assign_ids()
        data = asdict(self)
        if self.leave_behind is None:  # never chosen: stored as before the choices existed
            del data["leave_behind"]
        for item in data["insiders"]:
            item["who"] = str(item["who"])
            item["date"] = item["date"].isoformat() if item["date"] else ""
        return data

    def entries(self, kind: str) -> list[Any]:
        """Return the list `kind` names ("insiders", "goals" or "obstacles")."""
        if kind not in LIST_KEYS:
            raise ContentError(f"Unknown list {kind!r}.")
        items: list[Any] = getattr(self, kind)
        return items

    def assign_ids(self) -> None:
        """Give every list entry without a usable id one (an entry added in the editor)."""
        for kind in LIST_KEYS:
            assign_ids(self.entries(kind), ID_PREFIX[kind])
        for goal in self.goals:
            goal.assign_action_ids()


def new_id(prefix: str) -> str:
    """Return a fresh entry id: random, so a removed entry's id is never given to another."""
    return prefix + secrets.token_hex(4)


def assign_ids(items: list[Any], prefix: str) -> None:
    """Keep each entry's id if it is well formed and unique; give the others one.

    A list where no entry has an id (a document stored before ids existed) gets them by
    position (`g1`, `g2`, …), so the same stored document always reads the same ids.
    """
    if items and not any(item.id for item in items):
        for n, item in enumerate(items, start=1):
            item.id = f"{prefix}{n}"
        return
    seen: set[str] = set()
    for item in items:
        if not (item.id and _ID.fullmatch(item.id) and item.id.startswith(prefix)) or (
            item.id in seen
        ):
            item.id = new_id(prefix)
        seen.add(item.id)


ITEM_TYPES: dict[str, type[InsiderConversation] | type[Goal] | type[Obstacle]] = {
    "insiders": InsiderConversation,
    "goals": Goal,
    "obstacles": Obstacle,
}


class _Reader:
    """Check and clean a JSON blueprint document, with or without the length caps."""

    def __init__(self, caps: bool):
        self.caps = caps

    def text(self, value: Any, where: str, limit: int = MAX_TEXT) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise ContentError(f"{where} must be text.")
        value = plain_spaces(value).replace("\r\n", "\n").strip()
        if self.caps and len(value) > limit:
            raise ContentError(
                f"{where} has {len(value)} characters; the most is {limit}. Shorten it."
            )
        return value

    def bullets(self, value: Any, ids: Any, where: str) -> tuple[list[str], list[str]]:
        """Return a phase's actions and their ids, blank actions (and their ids) dropped.

        `ids` is None for a goal stored before actions had ids (they are given by position);
        a posted action without one gets a new one, so a removed action's id is never reused.
        """
        if value is None:
            return [], []
        if not isinstance(value, list):
            raise ContentError(f"{where} must be a list of actions.")
        given = ids if isinstance(ids, list) else []
        pairs = [
            (text, self.action_id(given[n]) if n < len(given) else "")
            for n, text in enumerate(self.text(v, where, MAX_BULLET) for v in value)
        ]
        kept = [(text, action_id) for text, action_id in pairs if text]
        if self.caps and len(kept) > MAX_BULLETS:
            raise ContentError(
                f"{where} has {len(kept)} actions; the most is {MAX_BULLETS}. Keep the strongest."
            )
        if ids is None:
            return [text for text, _ in kept], []
        return [text for text, _ in kept], [a or new_id(ACTION_PREFIX) for _, a in kept]

    def action_id(self, value: Any) -> str:
        return value.strip() if isinstance(value, str) else ""

    def day(self, value: Any, where: str) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        text = self.text(value, where, 10)
        try:
            return dt.date.fromisoformat(text) if text else None
        except ValueError:
            raise ContentError(f"{where} must be a date (YYYY-MM-DD).") from None

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ContentError(f"{where} must be a group of fields.")
        return value

    def items(self, raw: dict[str, Any], kind: str) -> list[dict[str, Any]]:
        items = raw.get(kind) or []
        if not isinstance(items, list):
            raise ContentError(f"{kind.capitalize()} must be a list.")
        if self.caps and len(items) > MAX_ITEMS[kind]:
            raise ContentError(too_many(kind))
        return [self.mapping(item, kind.capitalize()) for item in items]

    def insider(self, item: dict[str, Any], where: str) -> InsiderConversation:
        who = item.get("who") or InsiderRole.OTHER.value
        if who not in {r.value for r in InsiderRole}:
            raise ContentError(f"{where}: choose who you talked with.")
        return InsiderConversation(
            who=InsiderRole(who),
            name=self.text(item.get("name"), f"{where} name", MAX_SHORT),
            title=self.text(item.get("title"), f"{where} title", MAX_SHORT),
            date=self.day(item.get("date"), f"{where} date"),
            takeaways=self.text(item.get("takeaways"), f"{where} takeaways"),
            id=self.entry_id(item),
        )

    def goal(self, item: dict[str, Any], where: str) -> Goal:
        phases: dict[str, list[str]] = {}
        for p in PHASES:
            phases[p], phases[f"{p}_ids"] = self.bullets(
                item.get(p), item.get(f"{p}_ids"), f"{where}, {PHASE_LABELS[p]}"
            )
        return Goal(
            title=self.text(item.get("title"), f"{where} title", MAX_SHORT),
            **phases,
            draws_on=self.text(item.get("draws_on"), f"{where} experience and skills"),
            measure=self.text(item.get("measure"), f"{where} measure of success", MAX_SHORT),
            id=self.entry_id(item),
        )

    def obstacle(self, item: dict[str, Any], where: str) -> Obstacle:
        return Obstacle(
            obstacle=self.text(item.get("obstacle"), where, MAX_SHORT * 2),
            navigation=self.text(item.get("navigation"), f"{where}, how you will navigate"),
            id=self.entry_id(item),
        )

    def entry_id(self, item: dict[str, Any]) -> str:
        value = item.get("id")
        return value.strip() if isinstance(value, str) else ""

    def document(self, data: Any) -> PlanDocument:
        raw = self.mapping(data, "The blueprint")
        research = self.mapping(raw.get("research"), "Research")
        hook = self.mapping(raw.get("hook"), "Set the hook")
        doc = PlanDocument(
            research=Research(
                **{k: self.text(research.get(k), f"Research: {k}") for k in RESEARCH_KEYS}
            ),
            insiders=[
                self.insider(item, f"Insider {n}")
                for n, item in enumerate(self.items(raw, "insiders"), start=1)
            ],
            knowledge_plan=self.text(raw.get("knowledge_plan"), "Knowledge plan"),
            goals=[
                self.goal(item, f"Goal {n}")
                for n, item in enumerate(self.items(raw, "goals"), start=1)
            ],
            obstacles=[
                self.obstacle(item, f"Obstacle {n}")
                for n, item in enumerate(self.items(raw, "obstacles"), start=1)
            ],
            impact=self.text(raw.get("impact"), "Impact"),
            hook=Hook(
                functions=self.text(hook.get("functions"), "People to talk with", MAX_SHORT),
                script=self.text(hook.get("script"), "Hook script"),
            ),
            leave_behind=self.choices(raw.get("leave_behind")),
        )
        doc.assign_ids()
        return doc

    def choices(self, value: Any) -> LeaveBehindChoices | None:
        if value is None:
            return None
        raw = self.mapping(value, "The leave-behind's choices")
        where = "Leave-behind"
        choices = LeaveBehindChoices(
            email=self.text(raw.get("email"), f"{where}: email", 254),
            phone=self.text(raw.get("phone"), f"{where}: phone", 40),
            link=self.text(raw.get("link"), f"{where}: link", MAX_SHORT),
            **{key: bool(raw.get(key)) for key in ("research_basis", "credit", "posting_link")},
        )
        if self.caps:  # a stored document is read as it was saved
            for problem in contact_problems(choices.email, choices.phone, choices.link):
                raise ContentError(f"{where}: {problem}")
        return choices
