"""Home tiles open what they count."""

from __future__ import annotations

import re


def test_admin_tiles_open_the_lists_they_count(world, auth, client):
    a = world.a
    auth.login_as(a.admin)
    page = client.get(f"/{a.slug}/").get_data(as_text=True)
    links = re.findall(r'<a class="stat-link" href="([^"]+)">', page)
    assert links == [
        f"/{a.slug}/members?role=student",
        f"/{a.slug}/members?role=advisor",
        f"/{a.slug}/members?role=admin",
        f"/{a.slug}/cohorts",
        f"/{a.slug}/reviews",
    ]
    students = client.get(links[0]).get_data(as_text=True)
    assert a.student.user.name in students and a.advisor.user.name not in students
