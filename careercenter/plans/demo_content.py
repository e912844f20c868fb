"""Realistic blueprint documents for the demo institutions."""

from __future__ import annotations

from datetime import date
from typing import Any

HEALTH_ANALYST: dict[str, Any] = {
    "header": {
        "employer": "Riverbend Regional Health",
        "role_title": "Business Analyst, Patient Flow",
        "posting_url": "https://careers.riverbend-health.example/jobs/ba-patient-flow",
        # The insider conversations fall between the two interviews.
        "first_interview_on": date(2026, 10, 9),
        "second_interview_on": date(2026, 10, 28),
    },
    "content": {
        "research": {
            "expectations": "Give bed managers a daily view of capacity they trust, and cut the "
            "weekly reporting effort in half by the end of the first year.",
            "duties": "Gather requirements from nursing and operations, build and maintain "
            "capacity dashboards, document data definitions, support the discharge-planning "
            "huddle.",
            "obstacles": "Admission, transfer and discharge data sit in three systems that "
            "disagree; clinical staff have little time for meetings.",
            "big_picture": "Reliable capacity data lets the hospital open beds earlier, which "
            "shortens emergency-department waits and avoids diverting ambulances.",
        },
        "insiders": [
            {
                "who": "current_incumbent",
                "name": "Priya Shah",
                "title": "Senior Analyst",
                "date": "2026-10-14",
                "takeaways": "The Monday capacity pack is the product that "
                "matters; half its numbers are fixed by hand today.",
            },
            {
                "who": "hiring_manager",
                "name": "Marcus Hale",
                "title": "Manager, Patient Flow",
                "date": "2026-10-16",
                "takeaways": "Success at 90 days: the Monday pack out on time "
                "with no manual corrections, and one new metric the huddle asked for.",
            },
            {
                "who": "department_manager",
                "name": "",
                "title": "Director of Operations",
                "date": "2026-10-20",
                "takeaways": "Winter surge planning starts in January; "
                "forecasts need to be ready before then.",
            },
        ],
        "knowledge_plan": "Shadow Priya through two Monday cycles, complete the EHR reporting "
        "course in week one, and build my own glossary of admission and discharge codes "
        "checked with the data team.",
        "goals": [
            {
                "title": "Make the Monday capacity pack automatic",
                "days_30": [
                    "Shadow two Monday cycles and list every manual fix",
                    "Map each figure to its source system",
                ],
                "days_60": [
                    "Automate the data pull for the three largest wards",
                    "Run old and new packs side by side",
                ],
                "days_90": ["Retire the manual pack", "Write the runbook for cover staff"],
                "draws_on": "SQL and Power BI from my internship at a logistics firm",
                "measure": "Pack out by 9 am Monday with zero hand corrections for four weeks",
            },
            {
                "title": "Earn the trust of the discharge huddle",
                "days_30": ["Attend the daily huddle and note the questions asked"],
                "days_60": ["Add the discharge-before-noon metric the huddle requested"],
                "days_90": ["Review the metric with charge nurses and adjust definitions"],
                "draws_on": "Two years as a hospital volunteer; comfortable with clinical staff",
                "measure": "Huddle uses the metric daily; charge nurses sign off the definition",
            },
            {
                "title": "Prepare for the winter surge",
                "days_30": ["Collect three winters of occupancy data"],
                "days_60": ["Build a simple weekly occupancy forecast"],
                "days_90": ["Present the forecast to the Director of Operations"],
                "draws_on": "Forecasting coursework (time series) and my capstone project",
                "measure": "Forecast within 5 % of actual occupancy over December",
            },
        ],
        "obstacles": [
            {
                "obstacle": "Three source systems disagree",
                "navigation": "Agree one definition per metric with the data team before building.",
            },
            {
                "obstacle": "Clinicians have little time",
                "navigation": "Bring questions to the existing huddle instead of new meetings.",
            },
        ],
        "impact": "Bed managers see capacity a day earlier, the team saves about six hours a "
        "week, and the department enters the winter surge with a forecast instead of a guess.",
        "hook": {
            "functions": "Priya in the analyst role today, Marcus, and the Director of Operations",
            "script": "",
        },
        # The student's email is filled in as the blueprint is made.
        "leave_behind": {
            "phone": "+1 (555) 010-0142",
            "link": "https://www.linkedin.com/in/demo-student",
            "research_basis": True,
            "credit": True,
        },
    },
}

COOP_SOFTWARE: dict[str, Any] = {
    "header": {
        "employer": "Lakeshore Robotics",
        "role_title": "Software Developer Co-op",
        "posting_url": "https://jobs.lakeshore-robotics.example/coop-software",
        # The insider conversations fall between the two interviews.
        "first_interview_on": date(2027, 1, 8),
        "second_interview_on": date(2027, 1, 22),
    },
    "content": {
        "research": {
            "expectations": "Ship small, tested features in the fleet-monitoring web app and "
            "take one bug category off the team's plate.",
            "duties": "Fix bugs, write tests, pair with a senior developer, join stand-up and "
            "the fortnightly demo.",
            "obstacles": "A large codebase with thin documentation; co-ops often spend a month "
            "just getting set up.",
            "big_picture": "Customers watch robot fleets in this app; fewer display bugs mean "
            "fewer support calls and happier operators.",
        },
        "insiders": [
            {
                "who": "former_incumbent",
                "name": "Leo Martins",
                "title": "Last term's co-op",
                "date": "2027-01-12",
                "takeaways": "Set up the dev environment before day one if "
                "they let you; ask for the 'good first issues' label.",
            },
            {
                "who": "hiring_manager",
                "name": "Anika Berg",
                "title": "Engineering Lead",
                "date": "2027-01-15",
                "takeaways": "She wants a co-op who writes tests without being asked.",
            },
        ],
        "knowledge_plan": "Read the architecture notes in week one, pair with a senior "
        "developer on my first three tickets, and keep a setup guide for the next co-op.",
        "goals": [
            {
                "title": "Be productive in the codebase",
                "days_30": ["Set up the environment and fix two 'good first issues'"],
                "days_60": ["Take tickets without pairing", "Review a teammate's pull request"],
                "days_90": ["Own one small feature end to end"],
                "draws_on": "Python and React from two course projects and a hackathon win",
                "measure": "Eight merged pull requests, each with tests",
            },
            {
                "title": "Reduce map display bugs",
                "days_30": ["Group open display bugs by cause"],
                "days_60": ["Fix the largest group and add regression tests"],
                "days_90": ["Demo the fix and the tests at the fortnightly demo"],
                "draws_on": "Attention to detail from QA work at the campus IT desk",
                "measure": "Open display bugs down by a third",
            },
        ],
        "obstacles": [
            {
                "obstacle": "Thin documentation",
                "navigation": "Write down what I learn as a setup guide others can reuse.",
            },
        ],
        "impact": "Seniors spend less time on small bugs and more on the roadmap; the next "
        "co-op starts faster with my setup guide.",
        "hook": {"functions": "last term's co-op and the engineering lead", "script": ""},
        "leave_behind": {"research_basis": True, "posting_link": True},
    },
}

MARKETING: dict[str, Any] = {
    "header": {
        "employer": "Harbor & Pine Outdoor Co.",
        "role_title": "Marketing Coordinator",
        "posting_url": "",
        "first_interview_on": date(2026, 11, 20),
        "second_interview_on": date(2026, 12, 8),
    },
    "content": {
        "research": {
            "expectations": "Run the monthly newsletter and grow email sign-ups from the shop.",
            "duties": "",
            "obstacles": "",
            "big_picture": "",
        },
        "insiders": [],
        "knowledge_plan": "",
        "goals": [
            {
                "title": "Take over the newsletter",
                "days_30": ["Learn the email tool"],
                "days_60": [],
                "days_90": [],
                "draws_on": "",
                "measure": "",
            },
        ],
        "obstacles": [],
        "impact": "",
        "hook": {"functions": "the current coordinator", "script": ""},
    },
}
