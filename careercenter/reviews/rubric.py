"""The rubric, drawn from the method: a default per institution, edited as new versions.

A review keeps the rubric version it was started with. A criterion that was met in the
previous published round, and whose sections did not change since, carries its rating (and
comment) to the next round, marked as carried.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..extensions import db
from .models import RubricVersion

LEVELS = ["Not yet", "Developing", "Meets the bar", "Strong"]

# Sections (see `anchors.sections`) each default criterion reads; a criterion an institution
# adds reads them all, so any change re-opens it.
DEFAULT_CRITERIA: list[dict[str, Any]] = [
    {
        "key": "specific",
        "title": "Specific to the employer",
        "description": "Speaks to this employer's expectations, goals and objectives, not any job.",
        "sections": ["research", "goals"],
    },
    {
        "key": "research",
        "title": "Research depth",
        "description": "Insiders consulted, and the four questions about the job answered.",
        "sections": ["research", "insiders"],
    },
    {
        "key": "plan",
        "title": "A credible 30/60/90 plan",
        "description": "Actions for each phase of each goal, with a measure of success.",
        "sections": ["goals", "knowledge_plan"],
    },
    {
        "key": "obstacles",
        "title": "Obstacles and ways through",
        "description": "Known obstacles named, each with how the student will navigate it.",
        "sections": ["obstacles"],
    },
    {
        "key": "impact",
        "title": "Big-picture impact",
        "description": "How success in the first 90 days helps the department and its customers.",
        "sections": ["impact", "research"],
    },
    {
        "key": "concise",
        "title": "Concise enough for one page",
        "description": "Bullet points that fit one page, two at most.",
        "sections": [],  # the whole document
    },
]


def current_rubric() -> RubricVersion | None:
    """Return the institution's newest rubric version, if it has one yet."""
    return db.session.execute(
        select(RubricVersion).order_by(RubricVersion.number.desc()).limit(1)
    ).scalar_one_or_none()


def ensure_rubric() -> RubricVersion:
    """Return the current rubric, creating the default one from the method the first time."""
    rubric = current_rubric()
    if rubric is None:
        rubric = RubricVersion(number=1, criteria=DEFAULT_CRITERIA, levels=LEVELS)
        db.session.add(rubric)
        db.session.flush()
    return rubric


def is_met(rubric: RubricVersion, level: int | None) -> bool:
    """Return whether `level` meets the bar: the upper half of the rubric's levels."""
    return level is not None and level >= len(rubric.levels) // 2


def clean_ratings(rubric: RubricVersion, raw: dict[str, Any]) -> dict[str, Any]:
    """Return the ratings `raw` holds for `rubric`'s criteria, dropping anything else."""
    ratings: dict[str, Any] = {}
    for criterion in rubric.criteria:
        entry = raw.get(criterion["key"]) or {}
        level = entry.get("level")
        if isinstance(level, str):
            level = int(level) if level.isdigit() else None
        if not isinstance(level, int) or not 0 <= level < len(rubric.levels):
            level = None
        comment = str(entry.get("comment") or "").strip()[:1000]
        ratings[criterion["key"]] = {
            "level": level,
            "comment": comment,
            "carried": False,
        }
    return ratings


def carried_ratings(
    rubric: RubricVersion,
    previous: dict[str, Any],
    previous_rubric_id: int | None,
    changed_sections: set[str],
) -> dict[str, Any]:
    """Return the ratings a new review starts with: met criteria whose sections are unchanged."""
    if previous_rubric_id != rubric.id:
        return {}
    ratings = {}
    for criterion in rubric.criteria:
        old = previous.get(criterion["key"]) or {}
        sections = set(criterion.get("sections") or []) or None
        unchanged = not changed_sections if sections is None else not (sections & changed_sections)
        if is_met(rubric, old.get("level")) and unchanged:
            ratings[criterion["key"]] = {**old, "carried": True}
    return ratings


def criteria_from_form(form, current: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Read the criteria the settings form posts (`criterion-<n>-key/title/description`).

    A blank title removes a criterion; a new one gets a key from its position. The sections
    a default criterion reads are kept from the current version.
    """
    known = {c["key"]: c for c in current}
    criteria: list[dict[str, Any]] = []
    for n in range(MAX_CRITERIA + 1):
        title = (form.get(f"criterion-{n}-title") or "").strip()[:120]
        if not title:
            continue
        key = (form.get(f"criterion-{n}-key") or "").strip()
        if key not in known or any(c["key"] == key for c in criteria):
            key = f"custom{n}"
            while key in known or any(c["key"] == key for c in criteria):
                key += "x"
        description = (form.get(f"criterion-{n}-description") or "").strip()[:400]
        sections = known.get(key, {}).get("sections", [])
        criteria.append(
            {"key": key, "title": title, "description": description, "sections": sections}
        )
    return criteria


MAX_CRITERIA = 12
