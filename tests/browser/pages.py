"""The one list of pages the browser tests visit: every HTML page each role reaches.

Generated from the URL map, so a new page is visited without anyone remembering to add it.
Pages that take ids get them from the demo data (`flask demo seed`: every state, real names)
plus a draft checklist version and an institution's own practice; a new id argument needs a
line in `ID_VALUES` (the test says which), as a new id route needs a tenancy case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, url_for
from sqlalchemy import select

from careercenter.extensions import db
from careercenter.tenancy.models import Institution, Membership, Role
from careercenter.tenancy.scoping import tenant_scope

DEMO_SLUG = "northfield"
DEMO_PASSWORD = "demo-password"
SKIPPED_SUFFIXES = (".pdf", ".csv", ".json")


def slug_pages(app: Flask) -> list[tuple[Role, str]]:
    """Return (a role allowed to see it, endpoint) for each GET page that takes only the slug."""
    return sorted(
        (roles[0], endpoint)
        for endpoint, roles in _html_pages(app).items()
        if _args(app, endpoint) == {"slug"}
    )


def _html_pages(app: Flask) -> dict[str, list[Role]]:
    """Map each tenant HTML page's endpoint to the roles allowed to open it."""
    pages: dict[str, list[Role]] = {}
    for rule in app.url_map.iter_rules():
        if "slug" not in rule.arguments or "GET" not in (rule.methods or ()):
            continue
        if rule.rule.endswith(SKIPPED_SUFFIXES) or rule.endpoint in NOT_PAGES:
            continue
        if getattr(app.view_functions[rule.endpoint], "outside_tenant", False):
            continue  # single sign-on's public pages: scanned in test_sso.py
        roles = getattr(app.view_functions[rule.endpoint], "allowed_roles", set(Role))
        pages[rule.endpoint] = sorted(roles)
    return pages


def _args(app: Flask, endpoint: str) -> set[str]:
    return set(next(iter(app.url_map.iter_rules(endpoint))).arguments)


# GET routes under /<slug>/ that are not pages a person opens, and why.
NOT_PAGES: dict[str, str] = {
    "reports.export_status": "JSON polled by the export page's progress bar",
    "reports.export_download": "the finished file (a PDF), offered once the export is done",
}


@dataclass(frozen=True)
class Visit:
    """One page as one role sees it."""

    role: Role
    email: str
    endpoint: str
    path: str


@dataclass
class DemoIds:
    """Ids from the demo data that every role may open (its own, or its cohort's)."""

    cohort: int
    student: int  # a student of `cohort` (the advisor's), with a blueprint
    plan: dict[Role, int]
    revision: int
    revision_id: int  # the same revision's row id (its review page)
    export: dict[Role, int]  # a background export each member of staff asked for
    template: int
    draft_version: int
    draft_item: int
    assignment: int
    own_practice: int


# argument -> value for a role (and the endpoint, where one argument means different things)
ID_VALUES: dict[str, Callable[[DemoIds, Role, str], int]] = {
    "cohort_id": lambda ids, role, endpoint: ids.cohort,
    "membership_id": lambda ids, role, endpoint: ids.student,
    "plan_id": lambda ids, role, endpoint: ids.plan[role],
    "number": lambda ids, role, endpoint: ids.revision,
    "revision_id": lambda ids, role, endpoint: ids.revision_id,
    "export_id": lambda ids, role, endpoint: ids.export[role],
    "template_id": lambda ids, role, endpoint: ids.template,
    "version_id": lambda ids, role, endpoint: ids.draft_version,
    "item_id": lambda ids, role, endpoint: ids.draft_item,
    "assignment_id": lambda ids, role, endpoint: ids.assignment,
    "practice_id": lambda ids, role, endpoint: ids.own_practice,
}


def seed_pages_data() -> DemoIds:
    """Seed the demo (in the `arrange` context) and add what it lacks; return the ids to visit."""
    from careercenter.checklists.models import Assignment, ChecklistItem, ChecklistVersion
    from careercenter.cohorts.models import CohortStudent
    from careercenter.demo import seed_demo
    from careercenter.plans.models import Plan, PlanRevision
    from careercenter.practices.models import Practice

    from .. import factories

    seed_demo()
    institution = db.session.execute(
        select(Institution).where(Institution.slug == DEMO_SLUG)
    ).scalar_one()
    draft = factories.create_checklist(
        institution,
        [{"title": "Ask a recruiter what the first 90 days look like"}],
        publish=False,
        title="Networking week",
    )
    with tenant_scope(institution):
        practice = Practice(
            institution_id=institution.id,
            title="Visit the career fair with three questions",
            guidance="Write the questions **before** you go.",
            category="research",
            competency="Communication",
            source="Northfield career center",
        )
        db.session.add(practice)
        db.session.commit()

        def member(email: str) -> Membership:
            from careercenter.auth.models import User

            return db.session.execute(
                select(Membership)
                .join(User, User.id == Membership.user_id)
                .where(User.email == email)
            ).scalar_one()

        student = member(f"student@{DEMO_SLUG}.example")
        cohort_id = db.session.execute(
            select(CohortStudent.cohort_id).where(CohortStudent.membership_id == student.id)
        ).scalar_one()
        plan = (
            db.session.execute(
                select(Plan)
                .join(PlanRevision, PlanRevision.plan_id == Plan.id)
                .where(Plan.owner_id == student.id)
            )
            .scalars()
            .first()
        )
        assert plan is not None, "the demo student has a submitted blueprint"
        assignment = (
            db.session.execute(select(Assignment).where(Assignment.cohort_id == cohort_id))
            .scalars()
            .first()
        )
        assert assignment is not None, "the demo cohort has a checklist"

        exports = {}
        for role in (Role.ADMIN, Role.ADVISOR):
            export = factories.add_export(member(f"{role.value}@{DEMO_SLUG}.example").id)
            db.session.flush()
            exports[role] = export.id
        revision_id = db.session.execute(
            select(PlanRevision.id)
            .where(PlanRevision.plan_id == plan.id)
            .order_by(PlanRevision.number)
            .limit(1)
        ).scalar_one()
        db.session.commit()
        version = db.session.get(ChecklistVersion, draft.id)
        assert version is not None
        draft_item = db.session.execute(
            select(ChecklistItem.id).where(ChecklistItem.version_id == draft.id)
        ).scalar_one()
        return DemoIds(
            cohort=cohort_id,
            student=student.id,
            plan={role: plan.id for role in Role},
            revision=1,
            revision_id=revision_id,
            export=exports,
            template=version.template_id,
            draft_version=draft.id,
            draft_item=draft_item,
            assignment=assignment.id,
            own_practice=practice.id,
        )


def every_page(app: Flask, ids: DemoIds) -> list[Visit]:
    """Return each (role, page) the demo people of each role reach, admins first."""
    visits = []
    for endpoint, roles in _html_pages(app).items():
        for role in roles:
            values = {}
            for arg in sorted(_args(app, endpoint) - {"slug"}):
                if arg not in ID_VALUES:
                    raise AssertionError(
                        f"{endpoint} takes <{arg}>: say which demo id to visit in "
                        "tests/browser/pages.py ID_VALUES"
                    )
                values[arg] = ID_VALUES[arg](ids, role, endpoint)
            with app.test_request_context():
                path = url_for(endpoint, slug=DEMO_SLUG, **values)
            email = f"{role.value}@{DEMO_SLUG}.example"
            visits.append(Visit(role, email, endpoint, path))
    return sorted(visits, key=lambda v: (v.role, v.endpoint))
