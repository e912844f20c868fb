"""Readable names for the audit log: what each action means, and what each subject is called.

Each capability registers its own (`register_actions`, `register_subject`, in its `audit.py`,
imported when the app is built), so this module imports none of them. Subjects are named in one
query per kind of subject on the page, whatever the number of events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import select

from ..extensions import db

# ids of one kind of subject -> their names, in one query
SubjectNamer = Callable[[set[int]], dict[int, str]]

_actions: dict[str, str] = {}
_subjects: dict[str, SubjectNamer] = {}


def register_actions(labels: dict[str, str]) -> None:
    """Say what a capability's audit actions mean ("cohort.archived": "Archived a cohort")."""
    _actions.update(labels)


def register_subject(kind: str, namer: SubjectNamer) -> None:
    """Name subjects of `kind` (an `AuditEvent.subject_type`) with `namer`."""
    _subjects[kind] = namer


def action_label(action: str) -> str:
    """Return what an action means; unknown ones read as "Area: words" from the code."""
    if action in _actions:
        return _actions[action]
    area, _, rest = action.partition(".")
    words = (rest or area).replace("_", " ")
    return f"{area.capitalize()}: {words}" if rest else words.capitalize()


def titles(column, label: str = "{}") -> SubjectNamer:
    """Return a namer that shows one column of the subject's row, e.g. `Cohort “{}”`."""

    def namer(ids: set[int]) -> dict[int, str]:
        model = column.class_
        rows = db.session.execute(select(model.id, column).where(model.id.in_(ids)))
        return {i: label.format(value) for i, value in rows}

    return namer


def subject_names(events: Iterable) -> dict[tuple[str, int], str]:
    """Return readable names of the events' subjects, keyed by (type, id)."""
    wanted: dict[str, set[int]] = {}
    for event in events:
        if event.subject_type in _subjects and event.subject_id is not None:
            wanted.setdefault(event.subject_type, set()).add(event.subject_id)
    names: dict[tuple[str, int], str] = {}
    for kind, ids in wanted.items():
        names.update({(kind, i): name for i, name in _subjects[kind](ids).items()})
    return names
