"""Cross-tenant cases for the records routes: another institution's members answer 404."""

from __future__ import annotations

from careercenter.tenancy.models import Role

from . import case


def _student(world):
    return {"membership_id": world.b.student.id}


case("records.member", role=Role.ADMIN)(_student)
case("records.export_member", role=Role.ADMIN, method="POST")(_student)
case("records.remove", role=Role.ADMIN, method="POST")(_student)
