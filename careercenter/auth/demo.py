"""Demo people: an admin, an advisor and students per campus, and one advisor at both."""

from __future__ import annotations

from sqlalchemy import select

from ..demo import SHARED_ADVISOR, STUDENTS, DemoInstitution, seed_step
from ..extensions import db
from ..tenancy.models import Membership, Role
from .models import User


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
