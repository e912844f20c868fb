"""`flask demo seed`: a living system, idempotent, refused in production."""

from __future__ import annotations

from sqlalchemy import func, select

from careercenter.auth.models import User
from careercenter.demo import seed_demo
from careercenter.extensions import db
from careercenter.tenancy.models import Institution, Membership

from .conftest import dispose, make_app


def _counts():
    return tuple(
        db.session.execute(select(func.count()).select_from(model)).scalar_one()
        for model in (Institution, User, Membership)
    )


def test_seed_is_idempotent_and_demo_accounts_sign_in(runner, arrange, auth, client):
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    first = _counts()
    assert first[0] == 2 and first[1] >= 20
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    assert _counts() == first
    for slug in ("northfield", "lakeside"):
        for role in ("admin", "advisor", "student"):
            response = auth.login(f"{role}@{slug}.example", "demo-password")
            assert response.status_code == 302, (slug, role)
            assert client.get(f"/{slug}/").status_code == 200
            auth.logout()


def test_seed_has_international_names(runner, arrange):
    runner.invoke(args=["demo", "seed"])
    names = set(db.session.execute(select(User.name)).scalars())
    assert {"Łucja Wiśniewska", "Nguyễn Thị Minh"} <= names


def test_seed_is_refused_under_production_config(db_url):
    app = make_app(db_url, DEMO_SEED_ALLOWED=False)
    try:
        result = app.test_cli_runner().invoke(args=["demo", "seed"])
        assert result.exit_code != 0 and "refused" in result.output
        with app.app_context():
            assert db.session.execute(select(func.count()).select_from(Institution)).scalar() == 0
    finally:
        dispose(app)


def test_seed_function_refuses_in_production(db_url):
    import click
    import pytest

    app = make_app(db_url, DEMO_SEED_ALLOWED=False)
    try:
        with app.app_context(), pytest.raises(click.ClickException):
            seed_demo()
    finally:
        dispose(app)


def test_one_demo_advisor_serves_both_institutions(runner, arrange, auth, client):
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    response = auth.login("shared.advisor@example.edu", "demo-password")
    assert response.location == "/institutions"  # more than one institution: the picker
    picker = client.get("/institutions").get_data(as_text=True)
    assert "Northfield University" in picker and "Lakeside College" in picker
    for slug in ("northfield", "lakeside"):
        assert client.get(f"/{slug}/cohorts").status_code == 200
    accounts = runner.invoke(args=["demo", "accounts"]).output
    assert "shared.advisor@example.edu" in accounts


def test_seed_steps_run_in_order_people_and_cohorts_first(app):
    from careercenter import demo

    names = [step.__name__ for _, _, step in demo._steps]
    assert names[:2] == ["seed_people", "seed_cohorts"]
    assert {"seed_checklists", "seed_member_states", "seed_blueprints"} <= set(names[2:])


def test_accounts_print_each_sign_in_once_and_point_to_the_tour(runner):
    output = runner.invoke(args=["demo", "accounts", "--port", "8000"]).output
    for slug in ("northfield", "lakeside"):
        for role in ("admin", "advisor", "student"):
            assert output.count(f"{role}@{slug}.example") == 1, (role, slug)
    assert output.count("shared.advisor@example.edu") == 1
    assert output.count("demo-password") == 1 and "127.0.0.1:8000/login" in output
    assert "flask demo accounts" not in output  # it lists them; it does not say it would
    assert "A short tour" in output


def test_seeded_events_name_who_acted(runner, arrange):
    from careercenter.audit import AuditEvent

    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    events = db.session.execute(select(AuditEvent)).scalars().all()
    assert events
    nameless = {e.action for e in events if e.actor is None and e.detail.get("by") is None}
    assert not nameless, f"seeded events without an actor: {nameless}"
    by_action = {}
    for event in events:
        by_action.setdefault(event.action, set()).add(event.actor.email if event.actor else None)
    assert "student@northfield.example" in by_action["plan.created"]
    assert "advisor@northfield.example" in by_action["plan.approve"]
    assert not {email for email in by_action["plan.submitted"] if "advisor" in (email or "")}
