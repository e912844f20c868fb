"""`flask institutions …`: what a platform operator runs on the command line."""

from __future__ import annotations

import re

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from ..audit import record
from ..auth.invitations import invitation_link
from ..auth.models import User
from ..auth.services import find_user
from ..extensions import db
from ..tenancy.clock import DEFAULT_ZONE, zone_problem
from ..tenancy.models import Institution, Membership, Role
from ..tenancy.scoping import tenant_scope, unscoped

institutions_cli = AppGroup("institutions", help="Create and list institutions (tenants).")

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
RESERVED_SLUGS = {
    "login",
    "logout",
    "static",
    "healthz",
    "institutions",
    "invitations",
    "password",
    "api",
    "admin",
    "account",
}


def create_institution(
    slug: str,
    name: str,
    admin_email: str,
    admin_name: str = "",
    time_zone: str = DEFAULT_ZONE,
) -> tuple:
    """Create an institution and its first admin; return (institution, membership, needs_password).

    A newcomer's membership is a pending invitation (their link accepts it); a person who
    already has an account is made admin at once, on the operator's word.
    """
    slug = slug.strip().lower()
    if not SLUG_RE.match(slug) or slug in RESERVED_SLUGS:
        raise click.BadParameter(
            "use 1-40 lowercase letters, digits or hyphens, not a reserved word", param_hint="slug"
        )
    if db.session.execute(select(Institution).where(Institution.slug == slug)).first():
        raise click.BadParameter(f"an institution with slug {slug!r} exists", param_hint="slug")
    time_zone = time_zone.strip()
    if problem := zone_problem(time_zone):
        raise click.BadParameter(problem, param_hint="--time-zone")
    institution = Institution(slug=slug, name=name.strip(), time_zone=time_zone)
    db.session.add(institution)
    user = find_user(admin_email)
    if user is None:
        user = User(email=admin_email.strip().lower(), name=admin_name or admin_email.split("@")[0])
        db.session.add(user)
    db.session.flush()
    with tenant_scope(institution):
        membership = Membership(user_id=user.id, role=Role.ADMIN)
        if not user.has_password:
            # A newcomer's membership waits for them, like any invitation: the link accepts it.
            membership.accepted_at, membership.active = None, False
            membership.invited_name, membership.invited_email = user.name, user.email
        db.session.add(membership)
        record("institution.created", institution, actor=None, slug=slug)
        db.session.flush()
    return institution, membership, not user.has_password


@institutions_cli.command("create")
@click.option("--slug", required=True, help="Short name used in URLs, e.g. northfield.")
@click.option("--name", required=True, help="Full name, e.g. 'Northfield University'.")
@click.option("--admin-email", required=True, help="Email of the institution's first admin.")
@click.option("--admin-name", default="", help="Name of the first admin.")
@click.option(
    "--time-zone",
    default=DEFAULT_ZONE,
    show_default=True,
    help="IANA time zone of the campus, e.g. America/Chicago: due dates follow its clock.",
)
def create_command(slug: str, name: str, admin_email: str, admin_name: str, time_zone: str) -> None:
    """Create an institution and invite its first admin (prints a one-time link)."""
    institution, membership, needs_password = create_institution(
        slug, name, admin_email, admin_name, time_zone
    )
    db.session.commit()
    with tenant_scope(institution):  # the committed membership reloads inside its institution
        email = membership.user.email
        link = invitation_link(membership) if needs_password else None
    click.echo(
        f"Created {institution.name} at /{institution.slug}/ ({institution.time_zone}) "
        f"with admin {email}."
    )
    if link:
        click.echo(f"One-time invitation link (valid for 7 days):\n  {link}")
    else:
        click.echo("That person already has an account and can sign in now.")


@institutions_cli.command("list")
def list_command() -> None:
    """List institutions with their member counts."""
    with unscoped():  # an operator's overview counts every institution's members
        rows = db.session.execute(
            select(Institution, func.count(Membership.id))
            .outerjoin(Membership, Membership.institution_id == Institution.id)
            .group_by(Institution.id)
            .order_by(Institution.slug)
        ).all()
    if not rows:
        click.echo("No institutions yet. Create one with `flask institutions create`.")
    for institution, members in rows:
        click.echo(
            f"{institution.slug:<20} {institution.name:<40} {members:>5} members  "
            f"{institution.time_zone}"
        )
