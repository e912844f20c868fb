"""Seed a database with realistic volumes: the demo accounts plus many more people and cohorts.

The demo institutions come from `careercenter.demo.seed_institution` (so the known sign-ins
`admin@<slug>.example`… exist with `demo-password`, and every capability's demo steps run).
On top of them, registered volume steps add bulk rows. Each step runs once per institution,
inside that institution's `tenant_scope`, in registration order:

    from bench.volume import volume_step

    @volume_step
    def checklist_progress(tenant: TenantVolume) -> None:
        ...  # bulk-insert rows for tenant.students; put ids scenarios need in tenant.ids

A capability keeps its step in its own module and lists it in `STEP_MODULES`.
"""

from __future__ import annotations

import importlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select
from werkzeug.security import generate_password_hash

from careercenter import demo
from careercenter.auth.models import User
from careercenter.cohorts.models import Cohort, CohortAdvisor, CohortStatus, CohortStudent
from careercenter.extensions import db
from careercenter.tenancy.models import Membership, Role, utcnow
from careercenter.tenancy.scoping import tenant_scope, unscoped

# Modules that register further volume steps when imported (later capabilities add theirs).
STEP_MODULES: tuple[str, ...] = (
    "bench.volume_checklists",
    "bench.volume_plans",
    "bench.volume_reviews",
)


@dataclass(frozen=True)
class TenantSize:
    """How many people and cohorts to add to one institution (on top of its demo data)."""

    students: int
    advisors: int
    cohorts: int
    big_cohort: int  # students in the first cohort, the one the demo advisor and student share


@dataclass(frozen=True)
class VolumeSpec:
    """Sizes for the main institution (the one under load) and the other one."""

    main: TenantSize
    other: TenantSize


FULL = VolumeSpec(
    main=TenantSize(students=2000, advisors=40, cohorts=30, big_cohort=500),
    other=TenantSize(students=300, advisors=8, cohorts=6, big_cohort=100),
)
TINY = VolumeSpec(
    main=TenantSize(students=20, advisors=3, cohorts=3, big_cohort=10),
    other=TenantSize(students=5, advisors=1, cohorts=1, big_cohort=3),
)


@dataclass
class TenantVolume:
    """One seeded institution, as the volume steps and the scenarios see it."""

    demo: demo.DemoInstitution
    size: TenantSize
    password_hash: str
    is_main: bool
    students: list[int] = field(default_factory=list)  # membership ids, demo student first
    advisors: list[int] = field(default_factory=list)  # membership ids, demo advisor first
    cohorts: list[int] = field(default_factory=list)  # volume cohort ids, big cohort first
    ids: dict[str, int] = field(default_factory=dict)  # named ids for scenario paths

    @property
    def institution(self):
        return self.demo.institution

    @property
    def slug(self) -> str:
        return self.demo.institution.slug


@dataclass
class VolumeResult:
    """What a seeded database holds: its institutions and the ids scenarios may use."""

    main: TenantVolume
    other: TenantVolume
    rows: dict[str, int] = field(default_factory=dict)  # table name -> row count

    def path_values(self) -> dict[str, object]:
        """Return the values a scenario path may use: `{slug}` and the main tenant's ids."""
        return {"slug": self.main.slug, **self.main.ids}


VolumeStep = Callable[[TenantVolume], None]
_steps: list[VolumeStep] = []


def volume_step(func: VolumeStep) -> VolumeStep:
    """Register a step that bulk-inserts one capability's volume for each institution."""
    if func not in _steps:
        _steps.append(func)
    return func


def load_volume_steps() -> list[VolumeStep]:
    """Import the modules that register steps, then return every step in order."""
    for name in STEP_MODULES:
        importlib.import_module(name)
    # Every capability's demo steps (so demo accounts look lived-in) are registered by
    # create_app, which built the app this runs in.
    return list(_steps)


def seed_volume(spec: VolumeSpec = FULL) -> VolumeResult:
    """Seed both demo institutions and their volume in the current app context; commit."""
    steps = load_volume_steps()
    password_hash = _password_hash()
    tenants = []
    for (slug, name, colour), size, is_main in zip(
        demo.INSTITUTIONS, (spec.main, spec.other), (True, False), strict=True
    ):
        seeded = demo.seed_institution(slug, name, colour, password_hash)
        tenant = TenantVolume(seeded, size, password_hash, is_main)
        with tenant_scope(tenant.institution):
            for step in steps:
                step(tenant)
        db.session.commit()
        tenants.append(tenant)
    return VolumeResult(tenants[0], tenants[1], rows=_row_counts())


def _password_hash() -> str:
    """Hash the demo password once, with the configured slow KDF, for every seeded person."""
    from flask import current_app

    method = current_app.config["PASSWORD_HASH_METHOD"]
    return generate_password_hash(demo.DEMO_PASSWORD, method=method)


def _row_counts() -> dict[str, int]:
    from careercenter.checklists.models import Assignment, ChecklistItem, ItemProgress
    from careercenter.plans.models import Plan, PlanRevision

    counts = {}
    models = (User, Membership, Cohort, CohortAdvisor, CohortStudent, ChecklistItem, Assignment)
    with unscoped():  # the report counts rows of every institution
        for model in (*models, ItemProgress, Plan, PlanRevision):
            table = model.__table__
            counts[table.name] = db.session.execute(
                select(func.count()).select_from(table)
            ).scalar_one()
    return counts


def insert_returning_ids(model, rows: list[dict]) -> list[int]:
    """Bulk-insert `rows` into `model`'s table and return their ids in the same order."""
    if not rows:
        return []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))


FIRST_NAMES = [
    "Łucja", "Minh", "Zoë", "Amara", "Mateo", "Priya", "Jonas", "Aiyana", "Wei", "Fatima",
    "Oluwaseun", "Søren", "María José", "Kwame", "Hana", "Élodie", "Rahul", "Siobhán", "Yusuf",
    "Ingrid", "Tiago", "Aroha", "Dmitri", "Leilani", "Chidi", "Ana Sofía", "Mehmet", "Noor",
]  # fmt: skip
LAST_NAMES = [
    "Wiśniewska", "Nguyễn", "O'Brien", "Okafor", "Fernández", "Raghunathan", "Müller", "Chen",
    "Al-Sayed", "Adeyemi", "Jensen", "Córdoba", "Mensah", "Kobayashi", "Durand", "Deshpande",
    "Ní Bhriain", "Demir", "Lindqvist", "Sørensen", "Ngata", "Petrov", "Kahananui", "Eze",
]  # fmt: skip
TERMS = ["Fall 2026", "Spring 2027", "Summer 2027"]
PROGRAMMES = ["Business", "Engineering", "Nursing", "Computer Science", "Design", "Economics"]


def _names() -> itertools.cycle:
    return itertools.cycle(
        f"{first} {last}"
        for last, first in itertools.product(LAST_NAMES, FIRST_NAMES)  # varied neighbours
    )


def _people(tenant: TenantVolume, role: Role, count: int) -> list[int]:
    """Bulk-insert `count` users with memberships of `role`; return the membership ids."""
    slug, names = tenant.slug, _names()
    users = [
        {
            "email": f"volume-{role.value}-{n}@{slug}.example",
            "name": next(names),
            # One in twenty was invited and has not set a password yet.
            "password_hash": None if n % 20 == 19 else tenant.password_hash,
            "credentials_version": 1,
        }
        for n in range(count)
    ]
    user_ids = insert_returning_ids(User, users)
    now, memberships = utcnow(), []
    for n, (user_id, user) in enumerate(zip(user_ids, users, strict=True)):
        # The invited ones are pending invitations (a bulk insert skips Membership()).
        pending = user["password_hash"] is None
        memberships.append(
            {
                "institution_id": tenant.institution.id,
                "user_id": user_id,
                "role": role,
                "active": n % 33 != 32 and not pending,  # about 3% deactivated
                "version": 1,
                "accepted_at": None if pending else now,
                "invited_name": user["name"],
                "invited_email": user["email"],
            }
        )
    return insert_returning_ids(Membership, memberships)


@volume_step
def people_and_cohorts(tenant: TenantVolume) -> None:
    """Add students, advisors and cohorts; the demo advisor and student join the big cohort."""
    size, institution_id = tenant.size, tenant.institution.id
    tenant.students = [tenant.demo.student.id, *_people(tenant, Role.STUDENT, size.students)]
    tenant.advisors = [tenant.demo.advisor.id, *_people(tenant, Role.ADVISOR, size.advisors)]
    cohorts = [
        {
            "institution_id": institution_id,
            "name": f"{'Class of 2027' if n == 0 else PROGRAMMES[n % len(PROGRAMMES)]} – "
            f"Cohort {n + 1}",
            "term": TERMS[n % len(TERMS)],
            "description": "Volume cohort seeded by the benchmark.",
            "status": CohortStatus.ARCHIVED if n % 8 == 7 else CohortStatus.ACTIVE,
            "join_enabled": False,
            "version": 1,
        }
        for n in range(size.cohorts)
    ]
    tenant.cohorts = insert_returning_ids(Cohort, cohorts)
    big, rest = tenant.cohorts[0], tenant.cohorts[1:]
    enrolments = [(big, m) for m in tenant.students[: size.big_cohort]]
    others = tenant.students[size.big_cohort :]
    enrolments += [(rest[i % len(rest)], m) for i, m in enumerate(others)] if rest else []
    db.session.execute(
        insert(CohortStudent),
        [
            {"institution_id": institution_id, "cohort_id": c, "membership_id": m}
            for c, m in enrolments
        ],
    )
    # Two advisors per cohort; the demo advisor follows the big cohort and every fifth one.
    volume_advisors = tenant.advisors[1:] or tenant.advisors
    staffing = set()
    for i, cohort_id in enumerate(tenant.cohorts):
        for k in (0, 1):
            staffing.add((cohort_id, volume_advisors[(2 * i + k) % len(volume_advisors)]))
    staffing |= {(c, tenant.demo.advisor.id) for c in tenant.cohorts[::5]}
    db.session.execute(
        insert(CohortAdvisor),
        [
            {"institution_id": institution_id, "cohort_id": c, "membership_id": m}
            for c, m in sorted(staffing)
        ],
    )
    tenant.ids.update(
        cohort_id=big,
        student_membership_id=tenant.demo.student.id,
        advisor_membership_id=tenant.demo.advisor.id,
    )
