from tests import factories


def test_pages_render(world, auth, client, arrange):
    a = world.a
    version = factories.create_checklist(
        a.institution,
        [
            {"title": "Résumé", "competency": "Communication"},
            {
                "title": "Mock interview",
                "needs_verification": True,
                "competency": "Professionalism",
            },
        ],
    )
    assignment = factories.assign_checklist(a.institution, a.cohort, version)
    items = factories.items_of(a.institution, version)
    factories.set_progress(a.institution, assignment, items[1], a.student)
    factories.create_practice(None)
    for role, urls in {
        "admin": [
            "/cohorts",
            "/cohorts/new",
            f"/cohorts/{a.cohort.id}",
            f"/cohorts/{a.cohort.id}/people",
            f"/cohorts/{a.cohort.id}/edit",
            "/checklists",
            f"/checklists/{version.template_id}",
            f"/checklists/versions/{version.id}",
            "/practices",
            "/practices/new",
            "/settings/readiness",
            f"/cohorts/{a.cohort.id}/students/{a.student.id}",
        ],
        "advisor": ["/cohorts", f"/cohorts/{a.cohort.id}", "/checklists", "/practices"],
        "student": ["/cohorts", "/checklists", "/cohorts/join", "/practices", "/"],
    }.items():
        auth.login_as(a.member(role))
        for url in urls:
            response = client.get(f"/{a.slug}{url}")
            assert response.status_code == 200, (role, url, response.status_code)
        auth.logout()
