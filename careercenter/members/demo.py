"""Demo data for the members pages: someone still invited and someone deactivated, per campus."""

from __future__ import annotations

from sqlalchemy import select

from ..audit import record
from ..auth.models import User
from ..demo import DemoInstitution, seed_step
from ..extensions import db
from ..tenancy.models import Membership, Role

# (slug, email local part, name, role, state)
PEOPLE = [
    ("northfield", "ingrid.halvorsen", "Ingrid Halvorsen", Role.STUDENT, "invited"),
    ("northfield", "marcus.lindqvist", "Marcus Lindqvist", Role.ADVISOR, "deactivated"),
    ("lakeside", "aroha.ngata", "Aroha Ngata", Role.STUDENT, "invited"),
    ("lakeside", "pieter.vandenberg", "Pieter van den Berg", Role.STUDENT, "deactivated"),
]


@seed_step
def seed_member_states(demo: DemoInstitution) -> None:
    """Add an invited person (no password yet) and a deactivated member, with their audit trail."""
    slug = demo.institution.slug
    for person_slug, local, name, role, state in PEOPLE:
        if person_slug != slug:
            continue
        email = f"{local}@{slug}.example"
        user = db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()
        if user is None:
            # The deactivated person had signed up: they get the demo password like everyone.
            password_hash = demo.admin.user.password_hash if state == "deactivated" else None
            user = User(email=email, name=name, password_hash=password_hash)
            db.session.add(user)
            db.session.flush()
        exists = db.session.execute(
            select(Membership.id).where(Membership.user_id == user.id)
        ).first()
        if exists:
            continue
        membership = Membership(user_id=user.id, role=role, active=state != "deactivated")
        db.session.add(membership)
        db.session.flush()
        admin = demo.admin.user
        record("member.invited", membership, actor=admin, email=email, role=role.value)
        if state == "deactivated":
            record("member.deactivated", membership, actor=admin, role=role.value)
