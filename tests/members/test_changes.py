"""Role changes, deactivation and reactivation: the rules, stale forms, and the audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from careercenter.actions import Conflict
from careercenter.audit import AuditEvent
from careercenter.extensions import db
from careercenter.members.services import MemberError, change_role, deactivate
from careercenter.tenancy.models import Membership, Role

from .. import factories


def _fresh(membership) -> Membership:
    """Reload a membership as the database has it now."""
    db.session.expire_all()
    with factories.tenant_scope(membership.institution):
        return db.session.get(Membership, membership.id)


def _post(client, tenant, membership, action, **data):
    data.setdefault("version", _fresh(membership).version)
    url = f"/{tenant.slug}/members/{membership.id}/{action}"
    return client.post(url, data=data, follow_redirects=True)


def _events(action):
    return db.session.execute(select(AuditEvent).where(AuditEvent.action == action)).scalars().all()


def test_member_page_shows_the_actions(world, auth, client):
    auth.login_as(world.a.admin)
    page = client.get(f"/{world.a.slug}/members/{world.a.student.id}").get_data(as_text=True)
    assert world.a.student.user.email in page
    assert "Change role" in page and "Deactivate" in page
    assert f'name="version" type="hidden" value="{world.a.student.version}"' in page


def test_own_page_offers_no_self_changes(world, auth, client):
    auth.login_as(world.a.admin)
    page = client.get(f"/{world.a.slug}/members/{world.a.admin.id}").get_data(as_text=True)
    assert "This is you" in page and "Deactivate" not in page


def test_change_role_is_saved_and_audited(world, auth, client, arrange):
    auth.login_as(world.a.admin)
    page = _post(client, world.a, world.a.student, "role", role="advisor").get_data(as_text=True)
    assert "is now advisor" in page
    assert _fresh(world.a.student).role is Role.ADVISOR
    event = _events("member.role_changed")[0]
    assert event.detail == {
        "from": "student",
        "to": "advisor",
        "cohorts_left": [world.a.cohort.name],
    }
    assert event.subject_type == "Membership" and event.subject_id == world.a.student.id


def test_a_new_role_leaves_the_cohort_places_of_the_old_one(world, auth, client, arrange):
    from careercenter.cohorts.models import CohortAdvisor, CohortStudent

    def places(model, membership):
        return (
            db.session.execute(select(model.cohort_id).where(model.membership_id == membership.id))
            .scalars()
            .all()
        )

    auth.login_as(world.a.admin)
    page = _post(client, world.a, world.a.student, "role", role="advisor").get_data(as_text=True)
    assert f"no longer belong to: {world.a.cohort.name}" in page
    assert places(CohortStudent, world.a.student) == []
    page = _post(client, world.a, world.a.advisor, "role", role="student").get_data(as_text=True)
    assert places(CohortAdvisor, world.a.advisor) == []
    # The other institution's cohort places are untouched.
    assert places(CohortStudent, world.b.student) == [world.b.cohort.id]


def test_same_role_and_unknown_role_change_nothing(world, auth, client, arrange):
    auth.login_as(world.a.admin)
    same = _post(client, world.a, world.a.student, "role", role="student")
    assert "already student" in same.get_data(as_text=True)
    bogus = _post(client, world.a, world.a.student, "role", role="owner")
    assert "Choose a role" in bogus.get_data(as_text=True)
    assert _fresh(world.a.student).role is Role.STUDENT and not _events("member.role_changed")


def test_stale_form_is_refused(world, auth, client, arrange):
    auth.login_as(world.a.admin)
    loaded = _fresh(world.a.student).version
    _post(client, world.a, world.a.student, "role", role="advisor", version=loaded)
    # A second admin's page still carries the old version.
    page = _post(client, world.a, world.a.student, "deactivate", version=loaded)
    assert "Someone else changed this membership" in page.get_data(as_text=True)
    assert _fresh(world.a.student).active
    page = _post(client, world.a, world.a.student, "role", role="admin", version=loaded)
    assert "Someone else changed" in page.get_data(as_text=True)
    assert _fresh(world.a.student).role is Role.ADVISOR


def test_missing_version_is_refused(world, auth, client, arrange):
    auth.login_as(world.a.admin)
    url = f"/{world.a.slug}/members/{world.a.student.id}/deactivate"
    page = client.post(url, data={}, follow_redirects=True).get_data(as_text=True)
    assert "Someone else changed" in page and _fresh(world.a.student).active


def test_deactivate_and_reactivate(world, auth, client, arrange):
    auth.login_as(world.a.admin)
    page = _post(client, world.a, world.a.student, "deactivate").get_data(as_text=True)
    assert "is deactivated" in page and "Reactivate" in page
    assert not _fresh(world.a.student).active
    assert _events("member.deactivated")[0].detail == {"role": "student"}

    auth.logout()
    auth.login_as(world.a.student)
    assert client.get(f"/{world.a.slug}/").status_code == 404  # shut out at once
    auth.logout()

    auth.login_as(world.a.admin)
    again = _post(client, world.a, world.a.student, "deactivate").get_data(as_text=True)
    assert "already deactivated" in again
    page = _post(client, world.a, world.a.student, "reactivate").get_data(as_text=True)
    assert "is active again" in page and _fresh(world.a.student).active
    assert len(_events("member.reactivated")) == 1
    twice = _post(client, world.a, world.a.student, "reactivate").get_data(as_text=True)
    assert "already active" in twice


@pytest.mark.parametrize(("action", "data"), [("deactivate", {}), ("role", {"role": "advisor"})])
def test_admin_cannot_change_themselves(action, data, world, auth, client, arrange):
    auth.login_as(world.a.admin)
    page = _post(client, world.a, world.a.admin, action, **data).get_data(as_text=True)
    assert "Ask another admin" in page
    me = _fresh(world.a.admin)
    assert me.active and me.role is Role.ADMIN


def test_last_active_admin_is_kept(world, auth, client, arrange):
    # Two admins: the second may demote the first...
    second = factories.create_member(world.a.institution, Role.ADMIN, name="Second Admin")
    retired = factories.create_member(world.a.institution, Role.ADMIN, active=False)
    auth.login_as(second)
    page = _post(client, world.a, world.a.admin, "role", role="advisor").get_data(as_text=True)
    assert "is now advisor" in page
    # ...and then `second` is the last active admin (the deactivated one does not count).
    # In the app only `second` could act on themselves, which the self rule refuses first,
    # so the rule is checked on the service as a race or a future caller would reach it.
    assert not _fresh(retired).active
    with factories.tenant_scope(world.a.institution):
        someone = _fresh(world.a.student)
        with pytest.raises(MemberError, match="last active admin"):
            deactivate(_fresh(second), _fresh(second).version, actor=someone)
        with pytest.raises(MemberError, match="last active admin"):
            change_role(_fresh(second), Role.STUDENT, _fresh(second).version, actor=someone)
        db.session.rollback()
    assert _fresh(second).active and _fresh(second).role is Role.ADMIN


def test_demoting_an_admin_is_allowed_while_another_remains(world, auth, client, arrange):
    other = factories.create_member(world.a.institution, Role.ADMIN)
    auth.login_as(world.a.admin)
    page = _post(client, world.a, other, "deactivate").get_data(as_text=True)
    assert "is deactivated" in page
    reactivated = _post(client, world.a, other, "reactivate").get_data(as_text=True)
    assert "active again" in reactivated


def test_an_admin_changed_between_loading_and_demoting_is_a_conflict(world, arrange):
    """The guarded UPDATE also checks the version: a change in between is a conflict, not
    mistaken for the last-admin rule."""
    other = factories.create_member(world.a.institution, Role.ADMIN)
    with factories.tenant_scope(world.a.institution):
        loaded = _fresh(other)
        with db.engine.begin() as conn:  # another request saves it meanwhile
            conn.execute(
                update(Membership)
                .where(Membership.id == other.id)
                .values(version=loaded.version + 1)
            )
        with pytest.raises(Conflict, match="Someone else changed this membership"):
            deactivate(loaded, loaded.version, actor=_fresh(world.a.student))
        db.session.rollback()
    assert _fresh(other).active
