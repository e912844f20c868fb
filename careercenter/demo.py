"""`flask demo seed`: two living institutions for newcomers, refused in production.

This module holds the cast, the step registry and the commands. Each capability adds its part
with `@seed_step` in its own `demo.py` (people first, then cohorts, then what they do), run in
order inside the institution's tenant scope; every step is idempotent. The app factory imports
those modules, so this one imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from .extensions import db
from .tenancy.models import Institution, Membership
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
    """What seed steps share: the institution, then what earlier steps made.

    The people step (`auth/demo.py`) fills the members, the cohorts step (`cohorts/demo.py`)
    the cohorts; later steps read them.
    """

    institution: Institution
    password_hash: str
    admin: Membership = field(init=False)
    advisor: Membership = field(init=False)
    shared_advisor: Membership = field(init=False)  # an advisor at every demo institution
    student: Membership = field(init=False)
    students: list[Membership] = field(default_factory=list)
    cohorts: list[Any] = field(default_factory=list)  # `Cohort` rows, fall then spring


SeedStep = Callable[[DemoInstitution], None]
_steps: list[tuple[int, int, SeedStep]] = []


def seed_step(*, order: int) -> Callable[[SeedStep], SeedStep]:
    """Register a capability's idempotent demo step; lower `order` runs first.

    People are 10 and cohorts 20 (later steps read them); a capability's own data comes after.
    """

    def register(step: SeedStep) -> SeedStep:
        if all(registered is not step for _, _, registered in _steps):
            _steps.append((order, len(_steps), step))
            _steps.sort(key=lambda entry: entry[:2])
        return step

    return register


M = TypeVar("M")


def get_or_create(model: type[M], create: dict[str, Any] | None = None, **keys: Any) -> M:
    """Return the row of `model` matching `keys`, or add one (with `create` too) and flush.

    Seed steps find what an earlier run made, so `flask demo seed` can run again.
    """
    found = db.session.execute(select(model).filter_by(**keys)).scalar_one_or_none()
    if found is None:
        found = model(**keys, **(create or {}))
        db.session.add(found)
        db.session.flush()
    return found


def seed_institution(slug: str, name: str, colour: str, password_hash: str) -> DemoInstitution:
    """Create (or find) one demo institution and run every seed step inside it."""
    institution = get_or_create(
        Institution,
        {"name": name, "brand_colour": colour, "time_zone": TIME_ZONES.get(slug, "UTC")},
        slug=slug,
    )
    demo = DemoInstitution(institution, password_hash)
    with tenant_scope(institution):
        for _, _, step in _steps:
            step(demo)
        db.session.flush()  # write this institution's rows while its scope is active
    return demo


def seed_demo() -> list[DemoInstitution]:
    """Seed both demo institutions; safe to run again."""
    if not current_app.config["DEMO_SEED_ALLOWED"]:
        raise click.ClickException("Demo data is refused under the production configuration.")
    method = current_app.config["PASSWORD_HASH_METHOD"]
    password_hash = generate_password_hash(DEMO_PASSWORD, method=method)
    seeded = [seed_institution(*spec, password_hash) for spec in INSTITUTIONS]
    db.session.commit()
    return seeded


@demo_cli.command("seed")
def seed_command() -> None:
    """Create the demo institutions, people, cohorts and records (idempotent)."""
    seed_demo()
    click.echo("Demo data is ready.")  # the sign-ins: `flask demo accounts` (run by `make run`)


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
        f"  Both institutions: {SHARED_ADVISOR[0]} (an advisor at each; switch from the header)"
    )
    click.echo("What to try as each role: README.md, “A short tour”.\n")
