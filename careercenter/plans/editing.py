"""Translate between the editor form and the blueprint document."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from .content import PHASES, RESEARCH_KEYS, normalize, split_bullets
from .forms import EditorForm
from .models import Plan

HEADER_FIELDS = (
    "employer",
    "role_title",
    "posting_url",
    "first_interview_on",
    "second_interview_on",
    "cohort_id",
)
# Form field names of the research answers (the form says "known_obstacles": "obstacles" is
# the list of obstacles and how to navigate them).
RESEARCH_FIELDS = dict(
    zip(RESEARCH_KEYS, ("expectations", "duties", "known_obstacles", "big_picture"), strict=True)
)


def _actions(bullets: list[str], add: bool) -> list[str]:
    # A phase always shows at least one input; "Add an action" shows one more, blank.
    return [*bullets, ""] if add or not bullets else list(bullets)


def form_data(plan: Plan, add: tuple[int, str] | None = None) -> dict[str, Any]:
    """Return the editor's initial data for `plan`, with a blank action at `add` (goal, phase)."""
    content = plan.content
    data: dict[str, Any] = {name: getattr(plan, name) for name in HEADER_FIELDS}
    data["cohort_id"] = plan.cohort_id or 0
    data["version"] = plan.version
    for key, field in RESEARCH_FIELDS.items():
        data[field] = content["research"][key]
    data["insiders"] = [
        {**item, "date": date.fromisoformat(item["date"]) if item["date"] else None}
        for item in content["insiders"]
    ]
    data["goals"] = [
        {**goal, **{p: _actions(goal[p], add == (n, p)) for p in PHASES}}
        for n, goal in enumerate(content["goals"])
    ]
    data["obstacles"] = content["obstacles"]
    data["knowledge_plan"] = content["knowledge_plan"]
    data["impact"] = content["impact"]
    data["hook_functions"] = content["hook"]["functions"]
    data["hook_script"] = content["hook"]["script"]
    return data


def header_from_form(form) -> dict[str, Any]:
    """Return the plan's header fields as the form holds them."""
    header = {name: getattr(form, name).data for name in HEADER_FIELDS}
    header["cohort_id"] = header["cohort_id"] or None
    header["posting_url"] = header["posting_url"] or ""
    return header


def _goals(form: EditorForm, posted: Mapping[str, Any]) -> list[dict[str, Any]]:
    goals = []
    for n, entry in enumerate(form.goals.entries):
        goal = dict(entry.data)
        for phase in PHASES:
            legacy = posted.get(f"goals-{n}-{phase}")  # a tab opened before one input per action
            if isinstance(legacy, str) and not goal[phase]:
                goal[phase] = split_bullets(legacy)
        goals.append(goal)
    return goals


def raw_content_from_form(form: EditorForm, posted: Mapping[str, Any]) -> dict[str, Any]:
    """Return the document the editor form holds, not yet normalized (blank actions kept)."""
    insiders = []
    for entry in form.insiders.entries:
        item = dict(entry.data)
        item["date"] = item["date"].isoformat() if item.get("date") else ""
        insiders.append(item)
    raw = {
        "research": {key: form[field].data for key, field in RESEARCH_FIELDS.items()},
        "insiders": insiders,
        "knowledge_plan": form.knowledge_plan.data,
        "goals": _goals(form, posted),
        "obstacles": [dict(entry.data) for entry in form.obstacles.entries],
        "impact": form.impact.data,
        "hook": {"functions": form.hook_functions.data, "script": form.hook_script.data},
    }
    return raw


def content_from_form(form: EditorForm, posted: Mapping[str, Any]) -> dict[str, Any]:
    """Return the normalized blueprint document the editor form holds (may raise ContentError)."""
    return normalize(raw_content_from_form(form, posted))
