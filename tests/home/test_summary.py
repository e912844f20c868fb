"""The admin home: right counts, this institution only, constant statements at any size."""

from __future__ import annotations

from careercenter.cohorts.models import CohortStatus
from careercenter.home.summary import admin_summary
from careercenter.tenancy.models import Role
from careercenter.tenancy.scoping import tenant_scope

from .. import factories


def test_admin_summary_counts_members_and_cohorts(arrange, world):
    a = world.a.institution
    factories.create_member(a, Role.STUDENT, active=False)
    factories.create_member(
        a, Role.STUDENT, password=None, invited=True
    )  # invited, no password yet
    factories.create_member(a, Role.ADVISOR, password=None, active=False)  # not "invited"
    factories.create_cohort(a, status=CohortStatus.ARCHIVED)
    factories.create_member(world.b.institution, Role.STUDENT, invited=True)

    with tenant_scope(a):
        summary = admin_summary()

    assert summary == {
        "admins": 1,
        "advisors": 2,
        "students": 3,
        "inactive": 2,
        "invited": 1,
        "active_cohorts": 1,
        "to_review": 0,
    }


def test_admin_home_makes_two_statements_at_any_size(arrange, world, auth, client, count_queries):
    from careercenter.reviews import counts

    auth.login_as(world.a.admin)
    path = f"/{world.a.slug}/"
    client.get(path)

    def statements() -> tuple[int, int]:
        with count_queries() as kept:
            client.get(path)
        counts.clear()
        with count_queries() as computed:
            client.get(path)
        return len(kept), len(computed)

    small = statements()
    for _ in range(15):
        factories.create_member(world.a.institution, Role.STUDENT, invited=True)
    factories.create_cohort(world.a.institution)
    client.get(path)
    # The signed-in person with the institution and their membership; and the summary, unless
    # kept under the institution's review queue version.
    assert small == statements() == (1, 2)


def test_admin_home_counts_follow_changes_at_once(arrange, world, auth, client):
    from careercenter.extensions import db

    invited = factories.create_member(
        world.a.institution, Role.STUDENT, password=None, invited=True
    )
    auth.login_as(world.a.admin)
    path = f"/{world.a.slug}/"
    assert "1 invitation has not been accepted yet" in client.get(path).get_data(as_text=True)
    with factories.tenant_scope(world.a.institution):
        invited.accepted_at, invited.active = invited.created_at, True
        db.session.commit()
    assert "invitation has not" not in client.get(path).get_data(as_text=True)
    factories.create_cohort(world.a.institution)
    page = client.get(path).get_data(as_text=True)
    assert '<span class="stat-value">2</span><span class="stat-label">active cohorts' in page


def test_admin_home_shows_the_summary(arrange, world, auth, client):
    factories.create_member(world.a.institution, Role.STUDENT, invited=True)
    auth.login_as(world.a.admin)
    page = client.get(f"/{world.a.slug}/").get_data(as_text=True)
    assert "1 invitation has not been accepted yet" in page


def test_advisor_home_follows_cohort_changes_at_once(arrange, world, auth, client):
    auth.login_as(world.a.advisor)
    path = f"/{world.a.slug}/"
    assert "New cohort" not in client.get(path).get_data(as_text=True)
    cohort = factories.create_cohort(world.a.institution, name="New cohort")
    assert "New cohort" not in client.get(path).get_data(as_text=True)  # not theirs yet
    with factories.tenant_scope(world.a.institution):
        from careercenter.cohorts.models import CohortAdvisor, CohortStudent
        from careercenter.extensions import db

        db.session.add(CohortAdvisor(cohort_id=cohort.id, membership_id=world.a.advisor.id))
        db.session.commit()
    page = client.get(path).get_data(as_text=True)
    assert "New cohort" in page and "0 students" in page
    with factories.tenant_scope(world.a.institution):
        db.session.add(CohortStudent(cohort_id=cohort.id, membership_id=world.a.student.id))
        db.session.commit()
    assert "1 student<" in client.get(path).get_data(as_text=True)


def test_student_home_lists_a_new_cohort_at_once(arrange, world, auth, client):
    auth.login_as(world.a.student)
    path = f"/{world.a.slug}/"
    assert "Evening cohort" not in client.get(path).get_data(as_text=True)
    factories.create_cohort(world.a.institution, name="Evening cohort", students=[world.a.student])
    assert "Evening cohort" in client.get(path).get_data(as_text=True)
