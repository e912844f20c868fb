"""`flask demo seed`: two living institutions for newcomers, refused in production.

Each capability adds its part through `seed_step`, run in order inside the institution's
tenant scope; every step is idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from .auth.models import User
from .cohorts.models import Cohort, CohortAdvisor, CohortStudent
from .extensions import db
from .tenancy.models import Institution, Membership, Role
from .tenancy.scoping import tenant_scope

demo_cli = AppGroup("demo", help="Demo data for trying Career Center locally.")

DEMO_PASSWORD = "demo-password"  # noqa: S105 - documented demo credential
# One advisor serves both campuses, so the institution picker shows after sign-in.
SHARED_ADVISOR = ("shared.advisor@example.edu", "Rosa Delgado")
INSTITUTIONS = [
    ("northfield", "Northfield University", "#1f5f8b"),
    ("lakeside", "Lakeside College", "#6b3fa0"),
]
# Two campus clocks, so "due today" shows the institution's date, not the server's.
TIME_ZONES = {"northfield": "America/Chicago", "lakeside": "America/Los_Angeles"}
STUDENTS = {
    "northfield": [
        "Łucja Wiśniewska",
        "Nguyễn Thị Minh",
        "Zoë O'Brien-Søndergaard",
        "Amara Okafor",
        "Mateo Fernández",
        "Priya Raghunathan",
        "Jonas Müller",
        "Aiyana Redcloud",
        "Chen Wei",
        "Fatima Al-Sayed",
        "Oluwaseun Adeyemi",
    ],
    "lakeside": [
        "Søren Kierkegaard Jensen",
        "María José Córdoba",
        "Kwame Mensah",
        "Hana Kobayashi",
        "Élodie Durand",
        "Rahul Deshpande",
        "Siobhán Ní Bhriain",
        "Yusuf Demir",
    ],
}


@dataclass
class DemoInstitution:
    """What later seed steps get: the institution and its demo members by role."""

    institution: Institution
    admin: Membership
    advisor: Membership
    student: Membership
    students: list[Membership] = field(default_factory=list)
    cohorts: list[Cohort] = field(default_factory=list)


SeedStep = Callable[[DemoInstitution], None]
_steps: list[SeedStep] = []


def seed_step(func: SeedStep) -> SeedStep:
    """Register a capability's idempotent demo step (runs after people and cohorts exist)."""
    if func not in _steps:
        _steps.append(func)
    return func


def _user(email: str, name: str, password_hash: str) -> User:
    user = db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()
    if user is None:
        user = User(email=email, name=name, password_hash=password_hash)
        db.session.add(user)
        db.session.flush()
    return user


def _member(user: User, role: Role) -> Membership:
    membership = db.session.execute(
        select(Membership).where(Membership.user_id == user.id)
    ).scalar_one_or_none()
    if membership is None:
        membership = Membership(user_id=user.id, role=role)
        db.session.add(membership)
        db.session.flush()
    return membership


def _cohort(name: str, term: str, description: str) -> Cohort:
    cohort = db.session.execute(select(Cohort).where(Cohort.name == name)).scalar_one_or_none()
    if cohort is None:
        cohort = Cohort(name=name, term=term, description=description)
        db.session.add(cohort)
        db.session.flush()
    return cohort


def _link(model, cohort: Cohort, membership: Membership) -> None:
    exists = db.session.execute(
        select(model).where(model.cohort_id == cohort.id, model.membership_id == membership.id)
    ).first()
    if not exists:
        db.session.add(model(cohort_id=cohort.id, membership_id=membership.id))


def seed_institution(slug: str, name: str, colour: str, password_hash: str) -> DemoInstitution:
    """Create (or find) one demo institution with its people and cohorts."""
    institution = db.session.execute(
        select(Institution).where(Institution.slug == slug)
    ).scalar_one_or_none()
    if institution is None:
        institution = Institution(
            slug=slug, name=name, brand_colour=colour, time_zone=TIME_ZONES.get(slug, "UTC")
        )
        db.session.add(institution)
        db.session.flush()
    with tenant_scope(institution):
        people = {
            role: _member(_user(f"{role.value}@{slug}.example", label, password_hash), role)
            for role, label in [
                (Role.ADMIN, f"{name.split()[0]} Admin"),
                (Role.ADVISOR, "Dana Whitfield" if slug == "northfield" else "Tomás Ibarra"),
                (Role.STUDENT, STUDENTS[slug][0]),
            ]
        }
        students = [people[Role.STUDENT]]
        for index, full_name in enumerate(STUDENTS[slug][1:], start=2):
            email = f"student{index}@{slug}.example"
            students.append(_member(_user(email, full_name, password_hash), Role.STUDENT))
        fall = _cohort(
            "Class of 2027 – Business",
            "Fall 2026",
            "Seniors preparing for their first full-time role.",
        )
        spring = _cohort(
            "Engineering Co-op",
            "Spring 2027",
            "Students heading into co-op interviews this spring.",
        )
        for cohort in (fall, spring):
            _link(CohortAdvisor, cohort, people[Role.ADVISOR])
        shared = _member(_user(*SHARED_ADVISOR, password_hash), Role.ADVISOR)
        _link(CohortAdvisor, spring, shared)
        for index, student in enumerate(students):
            _link(CohortStudent, fall if index % 3 != 2 else spring, student)
        db.session.flush()
        demo = DemoInstitution(
            institution,
            people[Role.ADMIN],
            people[Role.ADVISOR],
            people[Role.STUDENT],
            students,
            [fall, spring],
        )
        for step in _steps:
            step(demo)
        db.session.flush()  # write this institution's rows while its scope is active
    return demo


def seed_demo() -> list[DemoInstitution]:
    """Seed both demo institutions; safe to run again."""
    if not current_app.config["DEMO_SEED_ALLOWED"]:
        raise click.ClickException("Demo data is refused under the production configuration.")
    load_seed_steps()
    method = current_app.config["PASSWORD_HASH_METHOD"]
    password_hash = generate_password_hash(DEMO_PASSWORD, method=method)
    seeded = [seed_institution(*spec, password_hash) for spec in INSTITUTIONS]
    db.session.commit()
    return seeded


@demo_cli.command("seed")
def seed_command() -> None:
    """Create the demo institutions, people, cohorts and records (idempotent)."""
    seed_demo()
    click.echo("Demo data is ready. `flask demo accounts` lists the sign-ins.")


@demo_cli.command("accounts")
@click.option("--port", default=5000, show_default=True, help="Port the app is served on.")
def accounts_command(port: int) -> None:
    """Print the demo sign-ins."""
    click.echo(f"\nDemo sign-ins (password: {DEMO_PASSWORD}) at http://127.0.0.1:{port}/login")
    for slug, name, _ in INSTITUTIONS:
        click.echo(
            f"  {name}: admin@{slug}.example, advisor@{slug}.example, student@{slug}.example"
        )
    click.echo(
        f"  Both institutions: {SHARED_ADVISOR[0]} (an advisor at each; pick one after sign-in)"
    )


def load_seed_steps() -> None:
    """Import the capability modules that register seed steps."""
    from .checklists import demo as _checklists  # noqa: F401
    from .members import demo as _members  # noqa: F401
    from .plans import demo as _plans  # noqa: F401
