"""Cross-tenant cases for the members pages: another institution's memberships answer 404."""

from __future__ import annotations

from careercenter.tenancy.models import Role

from ... import factories
from . import case


@case("members.show", role=Role.ADMIN)
def member_page(world):
    return {"membership_id": world.b.student.id}


@case("members.change_role", role=Role.ADMIN, method="POST")
def change_role(world):
    return {"membership_id": world.b.student.id}


@case("members.deactivate", role=Role.ADMIN, method="POST")
def deactivate(world):
    return {"membership_id": world.b.advisor.id}


@case("members.reactivate", role=Role.ADMIN, method="POST")
def reactivate(world):
    gone = factories.create_member(world.b.institution, Role.STUDENT, active=False)
    return {"membership_id": gone.id}


@case("members.resend_invitation", role=Role.ADMIN, method="POST")
def resend_invitation(world):
    invited = factories.create_member(
        world.b.institution, Role.STUDENT, password=None, invited=True
    )
    return {"membership_id": invited.id}


@case("members.withdraw_invitation", role=Role.ADMIN, method="POST")
def withdraw_invitation(world):
    invited = factories.create_member(world.b.institution, Role.STUDENT, invited=True)
    return {"membership_id": invited.id}
