"""The leave-behind's research-basis line: whom the student talked with, by role, never by name."""

from __future__ import annotations

from collections.abc import Iterable

from .content import InsiderConversation, InsiderRole


def _phrase(insider: InsiderConversation) -> str:
    """Return how the line names one conversation: by role, or by the title the student gave."""
    title = insider.title.strip()
    match insider.who:
        case InsiderRole.CURRENT_INCUMBENT:
            return f"the {title} in the role" if title else "the person in the role today"
        case InsiderRole.FORMER_INCUMBENT:  # a former title reads oddly ("a former co-op…")
            return "someone who held the role before"
        case InsiderRole.HIRING_MANAGER:
            return "the hiring manager"
        case InsiderRole.DEPARTMENT_MANAGER:
            return f"the {title}" if title else "the department manager"
        case _:
            return f"the {title}" if title else "a colleague in the team"


def _join(phrases: list[str]) -> str:
    if len(phrases) < 3:
        return " and ".join(phrases)
    return f"{', '.join(phrases[:-1])} and {phrases[-1]}"


def research_basis(insiders: Iterable[InsiderConversation]) -> str:
    """Return "Based on conversations with …" naming each insider once by role, or "".

    Names and takeaways stay off: they are the student's notes, not the employer's to read.
    """
    talks = list(insiders)
    phrases = list(dict.fromkeys(_phrase(insider) for insider in talks))
    if not phrases:
        return ""
    noun = "conversations" if len(talks) > 1 else "a conversation"
    return f"Based on {noun} with {_join(phrases)}."
