"""Build blueprints for tests through the real services."""

from __future__ import annotations

from careercenter.extensions import db
from careercenter.plans import services
from careercenter.plans.content import (
    MAX_BULLET,
    MAX_BULLETS,
    MAX_ITEMS,
    MAX_SHORT,
    MAX_TEXT,
    PHASES,
    RESEARCH_KEYS,
    LeaveBehindChoices,
    PlanDocument,
)
from careercenter.tenancy.scoping import tenant_scope

CONTACT_EMAIL = "student@example.com"  # what typical_content chose to show
HEADER = {
    "employer": "Northwind Health",
    "role_title": "Business Analyst",
    "posting_url": "https://careers.northwind.example/jobs/42",
    "first_interview_on": None,
    "second_interview_on": None,
    "cohort_id": None,
}


def goal(n: int, bullet: str = "Shadow the analyst on the weekly capacity report") -> dict:
    return {
        "title": f"Goal {n}: own the weekly capacity report",
        "days_30": [bullet, "Meet each ward manager"],
        "days_60": ["Automate the data pull"],
        "days_90": ["Present the first trend review"],
        "draws_on": "SQL and the dashboard project from my internship",
        "measure": "Report out by Monday 9 am with no manual fixes",
    }


def typical_content(goals: int = 3, insiders: int = 2, obstacles: int = 2) -> PlanDocument:
    return PlanDocument.from_json(
        {
            "research": {
                "expectations": "Cut the time to produce capacity reports and make them trusted.",
                "duties": "Gather requirements, build reports, support the bed-management team.",
                "obstacles": "Data spread across three systems; a busy clinical audience.",
                "big_picture": "Better bed planning shortens waits in the emergency department.",
            },
            "insiders": [
                {
                    "who": "current_incumbent",
                    "name": "Sam Lee",
                    "title": "Analyst",
                    "date": "2026-10-01",
                    "takeaways": "The Monday report is everything.",
                }
                for _ in range(insiders)
            ],
            "knowledge_plan": "Shadow the incumbent, read the data dictionary, take EHR training.",
            "goals": [goal(n) for n in range(1, goals + 1)],
            "obstacles": [
                {"obstacle": f"Obstacle {n}: three data sources", "navigation": "Map them first."}
                for n in range(1, obstacles + 1)
            ],
            "impact": "Managers plan staffing a day earlier, so patients wait less.",
            "hook": {"functions": "the analyst and the director", "script": "Could I talk with…"},
            "leave_behind": {"email": CONTACT_EMAIL},
        }
    )


def overlong_content() -> PlanDocument:
    """Return a blueprint far too long for a leave-behind (three pages or more)."""
    content = typical_content(goals=6, insiders=0, obstacles=8)
    for goal in content.goals:
        for phase in PHASES:
            goal.actions(phase)[:] = [
                f"Step {n}: meet each ward manager and agree the data they need for the weekly "
                "capacity report, then write it down in the shared data dictionary"
                for n in range(6)
            ]
    return content


def make_plan(tenant, student=None, content=None, submit: bool = False, **header):
    """Create a plan for `student` (default: the tenant's student), optionally submitted."""
    student = student or tenant.student
    with tenant_scope(tenant.institution):
        plan = services.create_plan(student, {**HEADER, **header})
        if content is not None:
            if content.leave_behind is None:  # as the editor's first save chooses
                content.leave_behind = LeaveBehindChoices(email=student.user.email)
            services.save_plan(plan, plan.version, {}, content)
        if submit:
            services.submit_plan(plan)
        db.session.commit()
        plan_id = plan.id
    return plan_id


def form_fields(document: PlanDocument, version: int, **header) -> dict[str, str]:
    """Return the editor's POST fields for `document` at `version`."""
    content = document.to_json()
    head = {**HEADER, **header}
    data = {
        "version": str(version),
        "employer": head["employer"],
        "role_title": head["role_title"],
        "posting_url": head["posting_url"],
        "first_interview_on": "",
        "second_interview_on": "",
        "cohort_id": str(head["cohort_id"] or 0),
        "expectations": content["research"]["expectations"],
        "duties": content["research"]["duties"],
        "known_obstacles": content["research"]["obstacles"],
        "big_picture": content["research"]["big_picture"],
        "knowledge_plan": content["knowledge_plan"],
        "impact": content["impact"],
        "hook_functions": content["hook"]["functions"],
        "hook_script": content["hook"]["script"],
    }
    choices = content.get("leave_behind") or {"email": CONTACT_EMAIL}
    data |= {
        "contact_email": choices.get("email", ""),
        "contact_phone": choices.get("phone", ""),
        "contact_link": choices.get("link", ""),
    }
    data |= {
        field: "y"
        for field, key in (
            ("show_research_basis", "research_basis"),
            ("show_credit", "credit"),
            ("show_posting_link", "posting_link"),
        )
        if choices.get(key)
    }
    for i, item in enumerate(content["insiders"]):
        for key, value in item.items():
            data[f"insiders-{i}-{key}"] = value
    for i, item in enumerate(content["goals"]):
        for key, value in item.items():
            if isinstance(value, list):  # one input per action
                data.update({f"goals-{i}-{key}-{j}": text for j, text in enumerate(value)})
            else:
                data[f"goals-{i}-{key}"] = value
    for i, item in enumerate(content["obstacles"]):
        for key, value in item.items():
            data[f"obstacles-{i}-{key}"] = value
    return data


def load_plan(tenant, plan_id: int):
    """Return a fresh copy of a plan, read in its institution."""
    from careercenter.plans.models import Plan

    with tenant_scope(tenant.institution):
        db.session.expire_all()
        return db.session.get(Plan, plan_id)


def capped_content(separator: str = " ", word: str = "a") -> dict:
    """Return the largest leave-behind the caps allow: every rendered field full, of `word`s
    joined by `separator` (not normalized, so that it holds what older saves could hold)."""

    def text(limit: int) -> str:
        return (separator.join([word] * limit))[:limit].strip(separator)

    def goal_of() -> dict:
        actions = [text(MAX_BULLET) for _ in range(MAX_BULLETS)]
        return {
            "title": text(MAX_SHORT),
            **{phase: list(actions) for phase in PHASES},
            "draws_on": text(MAX_TEXT),
            "measure": text(MAX_SHORT),
        }

    return {
        "research": {key: text(MAX_TEXT) for key in RESEARCH_KEYS},
        "insiders": [],
        "knowledge_plan": text(MAX_TEXT),
        "goals": [goal_of() for _ in range(MAX_ITEMS["goals"])],
        "obstacles": [
            {"obstacle": text(2 * MAX_SHORT), "navigation": text(MAX_TEXT)}
            for _ in range(MAX_ITEMS["obstacles"])
        ],
        "impact": text(MAX_TEXT),
        "hook": {"functions": text(MAX_SHORT), "script": text(MAX_TEXT)},
    }
