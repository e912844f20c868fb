"""The student home's progress is rendered once per snapshot and assessment, and kept: a
repeated view renders none of it, and any change (a tick, new weights) shows at once."""

from __future__ import annotations

from careercenter.extensions import db
from careercenter.readiness import cache
from careercenter.tenancy.models import Institution
from tests import factories
from tests.readiness.cache_helpers import cohort_with_checklist, home, in_tenant


def test_the_progress_is_kept_until_what_it_shows_changes(world, auth, client, monkeypatch):
    s = cohort_with_checklist(world.a)
    renders = []
    real = cache.homes.put

    def spy(key, html):
        renders.append(key)
        real(key, html)

    monkeypatch.setattr(cache.homes, "put", spy)
    auth.login_as(s.tenant.student)
    first = home(client, s.tenant.slug)
    assert home(client, s.tenant.slug) == first
    assert len(renders) == 1

    factories.set_progress(s.tenant.institution, s.assignment, s.items[0], s.tenant.student)
    ticked = home(client, s.tenant.slug)
    assert ticked != first and "50%" in ticked  # one of two required items, at once
    assert len(renders) == 2

    def weigh_the_blueprint_only():
        db.session.get(Institution, s.tenant.institution.id).checklist_weight = 0

    in_tenant(s.tenant, weigh_the_blueprint_only)  # the same snapshot, another score
    reweighed = home(client, s.tenant.slug)
    assert reweighed != ticked
    assert len(renders) == 3
