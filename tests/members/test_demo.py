"""The members demo step: an invited and a deactivated person per campus, seeded once."""

from __future__ import annotations

from sqlalchemy import func, select

from careercenter.demo import seed_demo
from careercenter.extensions import db
from careercenter.members.queries import MemberStatus, member_status
from careercenter.tenancy.models import Institution, Membership
from careercenter.tenancy.scoping import tenant_scope


def test_demo_members_have_every_status_and_seed_once(arrange):
    seed_demo()
    seed_demo()
    for slug in ("northfield", "lakeside"):
        institution = db.session.execute(
            select(Institution).where(Institution.slug == slug)
        ).scalar_one()
        with tenant_scope(institution):
            members = db.session.execute(select(Membership)).scalars().all()
            statuses = {member_status(m) for m in members}
            assert statuses == set(MemberStatus)
            emails = [m.user.email for m in members]
            assert len(emails) == len(set(emails))
    total = db.session.execute(select(func.count()).select_from(Membership)).scalar_one()
    assert total == 2 * 3 + 10 + 7 + 6 + 2  # + the advisor who serves both campuses
