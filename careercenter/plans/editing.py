"""Translate between the editor form and the blueprint document."""

from __future__ import annotations

from datetime import date
from typing import Any

from .content import PHASES, RESEARCH_KEYS, normalize
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


def form_data(plan: Plan, content: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the editor's initial data for `plan` (or for `content` under its header)."""
    content = content if content is not None else plan.content
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
        {**goal, **{p: "\n".join(goal[p]) for p in PHASES}} for goal in content["goals"]
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


def content_from_form(form: EditorForm) -> dict[str, Any]:
    """Return the normalized blueprint document the editor form holds (may raise ContentError)."""
    insiders = []
    for entry in form.insiders.entries:
        item = dict(entry.data)
        item["date"] = item["date"].isoformat() if item.get("date") else ""
        insiders.append(item)
    raw = {
        "research": {key: form[field].data for key, field in RESEARCH_FIELDS.items()},
        "insiders": insiders,
        "knowledge_plan": form.knowledge_plan.data,
        "goals": [dict(entry.data) for entry in form.goals.entries],
        "obstacles": [dict(entry.data) for entry in form.obstacles.entries],
        "impact": form.impact.data,
        "hook": {"functions": form.hook_functions.data, "script": form.hook_script.data},
    }
    return normalize(raw)
