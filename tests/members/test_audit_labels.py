"""The audit log reads as sentences: action labels and named subjects, in constant queries."""

from __future__ import annotations

from careercenter.audit.labels import action_label
from tests import factories

from .test_audit_page import _event, _table


def test_action_labels_with_a_readable_fallback(app):
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


def _recorded_actions() -> set[str]:
    """Return every audit action the code records by a literal name, and each blueprint action."""
    import ast
    from pathlib import Path

    import careercenter
    from careercenter.plans.states import Action

    actions = {f"plan.{action.value}" for action in Action}
    for path in Path(careercenter.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in ("record", "record_view", "record_views") and isinstance(
                first, ast.Constant
            ):
                actions.add(first.value)
    return actions


def test_every_recorded_action_has_a_label_registered_by_its_capability(app):
    """Each capability registers its labels (audit.labels); none is left to the fallback."""
    actions = _recorded_actions()
    assert {"auth.login", "checklist.item_done", "plan.approve"} <= actions
    assert action_label("widget.frobnicated") == _fallback("widget.frobnicated")
    unlabelled = sorted(a for a in actions if action_label(a) == _fallback(a))
    assert unlabelled == []


def _fallback(action: str) -> str:
    area, _, rest = action.partition(".")
    return f"{area.capitalize()}: {rest.replace('_', ' ')}"


def _events_with_id_details(world, reviewer):
    a = world.a
    version = factories.create_checklist(a.institution, title="Interview prep")
    assignment = factories.assign_checklist(a.institution, a.cohort, version)
    (item,) = factories.items_of(a.institution, version)
    _event(a, "checklist.assigned", 1, a.admin, assignment, cohort_id=a.cohort.id)
    _event(a, "checklist.item_done", 2, a.admin, None, item_id=item.id, student=a.student.id)
    _event(a, "cohort.student_enrolled", 3, a.admin, a.cohort, membership_id=a.student.id)
    _event(a, "plan.approve", 4, a.admin, None, revision=1, reviewer=reviewer.id)
    _event(a, "checklist.unassigned", 5, a.admin, a.cohort, assignment_id=assignment.id)


def test_details_that_hold_ids_show_names(world, arrange, auth, client):
    _events_with_id_details(world, world.a.advisor)
    _event(world.a, "cohort.student_enrolled", 6, world.a.admin, world.a.cohort, membership_id=999)
    auth.login_as(world.a.admin)
    table = _table(client.get(f"/{world.a.slug}/audit").get_data(as_text=True))
    student, advisor = world.a.student.user, world.a.advisor.user
    for text in (
        f"cohort: Cohort “{world.a.cohort.name}”",
        "item: “Write your résumé”",
        f"student: {student.name} ({student.email})",
        f"person: {student.name} ({student.email})",
        f"reviewer: {advisor.name} ({advisor.email})",
        f"assignment: Interview prep for {world.a.cohort.name}",
        "revision: 1",  # a number, not an id: shown as it is
        "person: #999 (no longer exists)",
    ):
        assert text in table, text
    for raw in ("cohort_id", "item_id", "membership_id", "assignment_id"):
        assert raw not in table.replace("checklist.", ""), raw


def test_named_details_keep_queries_constant(world, arrange, auth, client, count_queries):
    counts = []
    for reviewers in (1, 6):
        for _ in range(reviewers):
            reviewer = factories.create_member(world.a.institution, "advisor")
            _events_with_id_details(world, reviewer)
        auth.login_as(world.a.admin)
        client.get(f"/{world.a.slug}/audit")
        with count_queries() as statements:
            client.get(f"/{world.a.slug}/audit")
        counts.append(len(statements))
        auth.logout()
    assert counts[0] == counts[1], counts
