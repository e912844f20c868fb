"""Readable names for the audit log: what each action means, and what each subject is called.

Each capability registers its own (`register_actions`, `register_subject`, in its `audit.py`,
imported when the app is built), so this module imports none of them. A detail that holds an
id (`cohort_id`, `reviewer`) is registered with the kind of subject it names
(`register_detail`), so the log shows "cohort: Class of 2027", not "cohort_id: 5". Subjects and
such details are named together in one query per kind on the page, whatever the number of
events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import select

from ..extensions import db

# ids of one kind of subject -> their names, in one query
SubjectNamer = Callable[[set[int]], dict[int, str]]

_actions: dict[str, str] = {}
_subjects: dict[str, SubjectNamer] = {}
_details: dict[str, tuple[str, str]] = {}  # detail key -> (kind of subject, label)


def register_actions(labels: dict[str, str]) -> None:
    """Say what a capability's audit actions mean ("cohort.archived": "Archived a cohort")."""
    _actions.update(labels)


def register_subject(kind: str, namer: SubjectNamer) -> None:
    """Name subjects of `kind` (an `AuditEvent.subject_type`) with `namer`."""
    _subjects[kind] = namer


def register_detail(key: str, kind: str, label: str) -> None:
    """Say that detail `key` holds the id of a subject of `kind`, read as `label`."""
    _details[key] = (kind, label)


def detail_label(key: str) -> str:
    """Return how the log calls a detail (`cohort_id` -> "cohort"; unregistered: the key)."""
    return _details[key][1] if key in _details else key


def named_detail(key: str, value: object, names: dict[tuple[str, int], str]) -> str | None:
    """Return the name of the subject an id-holding detail points to (None: not such a detail)."""
    if key not in _details or not isinstance(value, int) or isinstance(value, bool):
        return None
    kind = _details[key][0]
    return names.get((kind, value)) or f"#{value} (no longer exists)"


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
    """Return readable names of the events' subjects and id details, keyed by (type, id)."""
    wanted: dict[str, set[int]] = {}
    for event in events:
        if event.subject_type in _subjects and event.subject_id is not None:
            wanted.setdefault(event.subject_type, set()).add(event.subject_id)
        for key, value in (event.detail or {}).items():
            kind = _details.get(key, ("", ""))[0]
            if kind in _subjects and isinstance(value, int) and not isinstance(value, bool):
                wanted.setdefault(kind, set()).add(value)
    names: dict[tuple[str, int], str] = {}
    for kind, ids in wanted.items():
        names.update({(kind, i): name for i, name in _subjects[kind](ids).items()})
    return names
