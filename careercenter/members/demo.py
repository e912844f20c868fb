"""Demo data for the members pages: a pending, a declined and a deactivated person, per campus."""

from __future__ import annotations

from sqlalchemy import select

from ..audit import NOBODY, record
from ..auth.models import User
from ..demo import DemoInstitution, get_or_create, seed_step
from ..extensions import db
from ..tenancy.models import Membership, Role, utcnow

# (slug, email local part, name, role, state)
PEOPLE = [
    ("northfield", "ingrid.halvorsen", "Ingrid Halvorsen", Role.STUDENT, "invited"),
    ("northfield", "marcus.lindqvist", "Marcus Lindqvist", Role.ADVISOR, "deactivated"),
    ("northfield", "tomas.rivera", "Tomás Rivera", Role.ADVISOR, "declined"),
    ("lakeside", "aroha.ngata", "Aroha Ngata", Role.STUDENT, "invited"),
    ("lakeside", "pieter.vandenberg", "Pieter van den Berg", Role.STUDENT, "deactivated"),
    ("lakeside", "hana.sato", "Hana Sato", Role.STUDENT, "declined"),
]


@seed_step(order=40)
def seed_member_states(demo: DemoInstitution) -> None:
    """Add a pending and a declined invitation and a deactivated member, with their audit trail."""
    slug = demo.institution.slug
    for person_slug, local, name, role, state in PEOPLE:
        if person_slug != slug:
            continue
        email = f"{local}@{slug}.example"
        # Only the invitation still pending has no password yet; the others signed up
        # (the declined person elsewhere) and get the demo password like everyone.
        password_hash = None if state == "invited" else demo.admin.user.password_hash
        user = get_or_create(User, {"name": name, "password_hash": password_hash}, email=email)
        exists = db.session.execute(
            select(Membership.id).where(Membership.user_id == user.id)
        ).first()
        if exists:
            continue
        membership = Membership(user_id=user.id, role=role, active=state == "deactivated")
        membership.invited_name, membership.invited_email = name, email
        if state != "deactivated":
            membership.accepted_at, membership.active = None, False
        if state == "declined":
            membership.declined_at = utcnow()
        db.session.add(membership)
        db.session.flush()
        admin = demo.admin.user
        record("member.invited", membership, actor=admin, email=email, role=role.value)
        if state == "deactivated":
            membership.active = False
            record("member.deactivated", membership, actor=admin, role=role.value)
        if state == "declined":
            record("auth.invitation_declined", membership, actor=NOBODY, by="the invited person")
