"""The audit log reads as sentences: action labels and named subjects, in constant queries."""

from __future__ import annotations

from careercenter.audit.labels import action_label
from tests import factories

from .test_audit_page import _event, _table


def test_action_labels_with_a_readable_fallback():
    assert action_label("readiness.student_viewed") == "Viewed a student's readiness"
    assert action_label("cohort.join_code_regenerate") == "Made a new join code"
    assert action_label("widget.frobnicated_twice") == "Widget: frobnicated twice"


def _subjects(world):
    a = world.a
    version = factories.create_checklist(a.institution, title="Interview prep")
    assignment = factories.assign_checklist(a.institution, a.cohort, version)
    (item,) = factories.items_of(a.institution, version)
    progress = factories.set_progress(a.institution, assignment, item, a.student)
    practice = factories.create_practice(a.institution, title="Thank-you notes")
    return [
        ("cohort.archived", a.cohort),
        ("checklist.published", version),
        ("checklist.assigned", assignment),
        ("checklist.item_done", progress),
        ("practice.retired", practice),
        ("readiness.student_viewed", a.student),
    ]


def test_subjects_are_named(world, arrange, auth, client):
    for minutes, (action, subject) in enumerate(_subjects(world)):
        _event(world.a, action, minutes, world.a.admin, subject)
    auth.login_as(world.a.admin)
    table = _table(client.get(f"/{world.a.slug}/audit").get_data(as_text=True))
    cohort = world.a.cohort.name
    for text in (
        f"Cohort “{cohort}”",
        "Interview prep (version 1)",
        f"Interview prep for {cohort}",
        f"{world.a.student.user.name}: “Write your résumé”",
        "Practice “Thank-you notes”",
        f"{world.a.student.user.name} ({world.a.student.user.email})",
        "Viewed a student&#39;s readiness",
        "Archived a cohort",
    ):
        assert text in table, text
    assert "#" not in table.replace("&#39;", "")  # no raw "Type #id"


def test_named_subjects_keep_queries_constant(world, arrange, auth, client, count_queries):
    subjects = _subjects(world)
    counts = []
    for repeat in (1, 6):
        for minutes in range(repeat):
            for action, subject in subjects:
                _event(world.a, action, minutes, world.a.admin, subject)
        auth.login_as(world.a.admin)
        client.get(f"/{world.a.slug}/audit")
        with count_queries() as statements:
            client.get(f"/{world.a.slug}/audit")
        counts.append(len(statements))
        auth.logout()
    assert counts[0] == counts[1], counts
