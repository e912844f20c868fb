"""A person in several institutions switches from the header, without signing out."""

from __future__ import annotations

from careercenter.tenancy.models import Role

from .. import factories


def _shared_advisor(world, arrange, extra: int = 0):
    """An advisor at both institutions of the world (and `extra` more)."""
    advisor = world.a.advisor
    factories.create_member(world.b.institution, Role.ADVISOR, user=advisor.user)
    for n in range(extra):
        institution = factories.create_institution(name=f"Extra College {n}")
        factories.create_member(institution, Role.STUDENT, user=advisor.user)
    return advisor


def test_the_header_lists_the_other_institutions_and_switches(world, arrange, auth, client):
    advisor = _shared_advisor(world, arrange)
    auth.login_as(advisor)
    page = client.get(f"/{world.a.slug}/").get_data(as_text=True)
    assert "Switch institution" in page
    switch = page[page.index("Switch institution") :]
    assert f'href="/{world.b.slug}/"' in switch and world.b.institution.name in switch
    assert f'href="/{world.a.slug}/"' not in switch  # the current one is not offered
    # Following the link enters the other institution in the same session.
    other = client.get(f"/{world.b.slug}/")
    assert other.status_code == 200
    assert f'href="/{world.a.slug}/"' in other.get_data(as_text=True)


def test_one_institution_shows_no_switch_and_costs_no_query(world, auth, client, count_queries):
    auth.login_as(world.a.student)
    page = client.get(f"/{world.a.slug}/").get_data(as_text=True)
    assert "Switch institution" not in page
    with count_queries() as statements:
        client.get(f"/{world.a.slug}/practices")
    assert not [s for s in statements if "memberships" in s and "ORDER BY institutions.name" in s]


def test_a_deactivated_membership_is_not_offered(world, arrange, auth, client):
    from careercenter.extensions import db
    from careercenter.tenancy.models import Membership
    from careercenter.tenancy.scoping import tenant_scope

    advisor = _shared_advisor(world, arrange)
    with tenant_scope(world.b.institution):
        other = db.session.query(Membership).filter_by(user_id=advisor.user_id).one()
        other.active = False
        db.session.commit()
    auth.login_as(advisor)
    assert "Switch institution" not in client.get(f"/{world.a.slug}/").get_data(as_text=True)


def test_the_switch_costs_the_same_queries_for_two_or_five_institutions(
    world, arrange, auth, client, count_queries
):
    advisor = _shared_advisor(world, arrange)
    auth.login_as(advisor)
    url = f"/{world.a.slug}/practices"
    client.get(url)
    with count_queries() as two:
        page = client.get(url).get_data(as_text=True)
    assert page.count("Extra College") == 0
    for n in range(3):
        institution = factories.create_institution(name=f"Extra College {n}")
        factories.create_member(institution, Role.STUDENT, user=advisor.user)
    with count_queries() as five:
        page = client.get(url).get_data(as_text=True)
    assert page.count("Extra College") == 3
    assert len(five) == len(two)
