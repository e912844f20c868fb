"""Translate between the editor form and the blueprint document."""

from __future__ import annotations

import copy
from dataclasses import asdict
from typing import Any

from .content import (
    ACTION_PREFIX,
    ID_PREFIX,
    ITEM_TYPES,
    LIST_KEYS,
    MAX_ITEMS,
    PHASES,
    RESEARCH_KEYS,
    ContentError,
    LeaveBehindChoices,
    PlanDocument,
    new_id,
    too_many,
)
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

# Editor fields of what the leave-behind shows, by their name in `LeaveBehindChoices`.
CHOICE_FIELDS = {
    "contact_email": "email",
    "contact_phone": "phone",
    "contact_link": "link",
    "show_research_basis": "research_basis",
    "show_credit": "credit",
    "show_posting_link": "posting_link",
}


def _actions(bullets: list[str], add: bool) -> list[str]:
    # A phase always shows at least one input; "Add an action" shows one more, blank.
    return [*bullets, ""] if add or not bullets else list(bullets)


def _action_ids(ids: list[str], add: bool) -> list[str]:
    # The blank input's action gets its id now: a fresh one, never a removed action's.
    return [*ids, new_id(ACTION_PREFIX)] if add or not ids else list(ids)


def form_data(plan: Plan, add: tuple[int, str] | None = None) -> dict[str, Any]:
    """Return the editor's initial data for `plan`, with a blank action at `add` (goal, phase)."""
    content = plan.content
    data: dict[str, Any] = {name: getattr(plan, name) for name in HEADER_FIELDS}
    data["cohort_id"] = plan.cohort_id or 0
    data["version"] = plan.version
    for key, field in RESEARCH_FIELDS.items():
        data[field] = getattr(content.research, key)
    data["insiders"] = [asdict(item) for item in content.insiders]
    data["goals"] = [
        {
            **asdict(goal),
            **{p: _actions(goal.actions(p), add == (n, p)) for p in PHASES},
            **{f"{p}_ids": _action_ids(goal.action_ids(p), add == (n, p)) for p in PHASES},
        }
        for n, goal in enumerate(content.goals)
    ]
    data["obstacles"] = [asdict(item) for item in content.obstacles]
    data["knowledge_plan"] = content.knowledge_plan
    data["impact"] = content.impact
    data["hook_functions"] = content.hook.functions
    data["hook_script"] = content.hook.script
    choices = content.leave_behind or LeaveBehindChoices(email=plan.owner.user.email)
    data.update({field: getattr(choices, key) for field, key in CHOICE_FIELDS.items()})
    return data


def header_from_form(form) -> dict[str, Any]:
    """Return the plan's header fields as the form holds them."""
    header = {name: getattr(form, name).data for name in HEADER_FIELDS}
    header["cohort_id"] = header["cohort_id"] or None
    header["posting_url"] = header["posting_url"] or ""
    return header


def raw_content_from_form(form: EditorForm) -> dict[str, Any]:
    """Return the JSON the editor form holds, not yet read into a document (blank actions kept)."""
    return {
        "research": {key: form[field].data for key, field in RESEARCH_FIELDS.items()},
        "insiders": [dict(entry.data) for entry in form.insiders.entries],
        "knowledge_plan": form.knowledge_plan.data,
        "goals": [dict(entry.data) for entry in form.goals.entries],
        "obstacles": [dict(entry.data) for entry in form.obstacles.entries],
        "impact": form.impact.data,
        "hook": {"functions": form.hook_functions.data, "script": form.hook_script.data},
        "leave_behind": {key: form[field].data for field, key in CHOICE_FIELDS.items()},
    }


def content_from_form(form: EditorForm) -> PlanDocument:
    """Return the blueprint document the editor form holds (may raise ContentError)."""
    return PlanDocument.from_json(raw_content_from_form(form))


def apply_list_op(content: PlanDocument, op: str) -> tuple[PlanDocument, str | None]:
    """Apply an editor list operation ("add:goals", "remove:goals:2", "up:…", "down:…").

    Return the new document and the anchor to return to; an unknown or out-of-range
    operation leaves the document unchanged.
    """
    parts = op.split(":")
    content = copy.deepcopy(content)
    if len(parts) < 2 or parts[1] not in LIST_KEYS:
        return content, None
    action, kind = parts[0], parts[1]
    items = content.entries(kind)
    if action == "add" and len(parts) == 2:
        if len(items) >= MAX_ITEMS[kind]:
            raise ContentError(too_many(kind))
        items.append(ITEM_TYPES[kind](id=new_id(ID_PREFIX[kind])))
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
