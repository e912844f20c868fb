"""Build blueprints for tests through the real services."""

from __future__ import annotations

from careercenter.extensions import db
from careercenter.plans import services
from careercenter.plans.content import normalize
from careercenter.tenancy.scoping import tenant_scope

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


def typical_content(goals: int = 3, insiders: int = 2, obstacles: int = 2) -> dict:
    return normalize(
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
        }
    )


def make_plan(tenant, student=None, content=None, submit: bool = False, **header):
    """Create a plan for `student` (default: the tenant's student), optionally submitted."""
    student = student or tenant.student
    with tenant_scope(tenant.institution):
        plan = services.create_plan(student, {**HEADER, **header})
        if content is not None:
            services.save_plan(plan, plan.version, {}, content)
        if submit:
            services.submit_plan(plan)
        db.session.commit()
        plan_id = plan.id
    return plan_id
