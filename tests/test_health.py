"""Health routes: /healthz checks the database, /ping answers without it."""

from __future__ import annotations


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_ping_answers_ok_as_text(client):
    response = client.get("/ping")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "ok"


def test_ping_makes_no_database_query(client, count_queries):
    client.get("/ping")  # warm up: first-request work is not the route's
    with count_queries() as statements:
        response = client.get("/ping")
    assert response.status_code == 200
    assert statements == []


def test_ping_is_exempt_from_rate_limits():
    from careercenter.extensions import limiter

    # Flask-Limiter keeps exemptions by the view's qualified name; a benchmark baseline that
    # could answer 429 would make every ratio meaningless.
    assert any(name.startswith("careercenter.health.ping") for name in limiter._route_exemptions)
