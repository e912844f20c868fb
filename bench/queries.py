"""Count the SQL statements each scenario's page makes, in-process, on the bench database."""

from __future__ import annotations

from sqlalchemy import event

from careercenter import create_app, demo
from careercenter.extensions import db

from .scenarios import Scenario


def queries_per_request(url: str, scenarios: list[Scenario], values: dict) -> dict[str, int]:
    """Return, per scenario name, the statements of one warm request to its path."""
    app = create_app(
        {
            "ENV_NAME": "development",
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench-queries",
            "WTF_CSRF_ENABLED": False,
        }
    )
    counts: dict[str, int] = {}
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    try:
        for scenario in scenarios:
            client = app.test_client()
            if scenario.role:
                email = f"{scenario.role}@{values['slug']}.example"
                client.post("/login", data={"email": email, "password": demo.DEMO_PASSWORD})
            path = scenario.url_path(values)
            client.get(path)  # warm: first-request work is not the page's
            event.listen(engine, "before_cursor_execute", count)
            try:
                statements.clear()
                client.get(path)
                counts[scenario.name] = len(statements)
            finally:
                event.remove(engine, "before_cursor_execute", count)
    finally:
        engine.dispose()
    return counts
