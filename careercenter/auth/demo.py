"""Demo people: an admin, an advisor and students per campus, and one advisor at both."""

from __future__ import annotations

from ..demo import SHARED_ADVISOR, STUDENTS, DemoInstitution, get_or_create, seed_step
from ..tenancy.models import Membership, Role
from .models import User


def _user(email: str, name: str, password_hash: str) -> User:
    return get_or_create(User, {"name": name, "password_hash": password_hash}, email=email)


def _member(user: User, role: Role) -> Membership:
    return get_or_create(Membership, {"role": role}, user_id=user.id)


@seed_step(order=10)
def seed_people(demo: DemoInstitution) -> None:
    """Give the institution its demo admin, advisors and students (every one signs in)."""
    slug, name = demo.institution.slug, demo.institution.name
    password_hash = demo.password_hash
    people = {
        role: _member(_user(f"{role.value}@{slug}.example", label, password_hash), role)
        for role, label in [
            (Role.ADMIN, f"{name.split()[0]} Admin"),
            (Role.ADVISOR, "Dana Whitfield" if slug == "northfield" else "Tomás Ibarra"),
            (Role.STUDENT, STUDENTS[slug][0]),
        ]
    }
    demo.admin, demo.advisor, demo.student = (
        people[Role.ADMIN],
        people[Role.ADVISOR],
        people[Role.STUDENT],
    )
    demo.students = [demo.student]
    for index, full_name in enumerate(STUDENTS[slug][1:], start=2):
        email = f"student{index}@{slug}.example"
        demo.students.append(_member(_user(email, full_name, password_hash), Role.STUDENT))
    demo.shared_advisor = _member(_user(*SHARED_ADVISOR, password_hash), Role.ADVISOR)
