"""Forgot-password: the answer costs the same whether or not the address has an account."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from careercenter import jobs
from careercenter.audit import AuditEvent
from careercenter.extensions import db
from careercenter.tenancy.scoping import unscoped

from ..members.conftest import Outbox

UNKNOWN = "nobody@nowhere.example"


@pytest.fixture
def held_jobs(app, monkeypatch):
    """Jobs the app under test queues, held instead of run (no Redis, no eager runs)."""
    monkeypatch.setitem(app.config, "JOBS_EAGER", False)
    monkeypatch.setitem(app.config, "REDIS_URL", None)
    held: list[tuple] = []
    monkeypatch.setattr(jobs._Pool, "submit", lambda pool, *job: held.append(job))
    return held


def test_known_and_unknown_addresses_do_the_same_work(app, world, client, count_queries, held_jobs):
    known = world.a.student.user.email
    done = {}
    for email in (known, UNKNOWN):
        with count_queries() as statements:
            response = client.post("/password/forgot", data={"email": email})
        done[email] = (response.status_code, response.location, statements)
    assert done[known] == done[UNKNOWN]
    assert [(path, kwargs) for path, _args, kwargs in held_jobs] == [
        ("careercenter.auth.reset.mail_reset_link", {}),
        ("careercenter.auth.reset.mail_reset_link", {}),
    ]
    assert [args[0] for _path, args, _kwargs in held_jobs] == [known, UNKNOWN]
    # The jobs, not the request, tell the addresses apart: only the account gets a link.
    for job in held_jobs:
        jobs.run_isolated(app, *job)
    [message] = Outbox(app).messages()
    assert message["To"] == known and "/password/reset/" in message.get_content()


class SlowSMTP:
    """An SMTP server that takes its time; remembers what it was given."""

    sent: list = []

    def __init__(self, host, port, timeout):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def send_message(self, message):
        time.sleep(1.0)
        self.sent.append(message)


def test_a_slow_mail_server_does_not_slow_the_answer(app, world, client, arrange, monkeypatch):
    monkeypatch.setitem(app.config, "JOBS_EAGER", False)
    monkeypatch.setitem(app.config, "REDIS_URL", None)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example")
    monkeypatch.setattr("careercenter.mail.smtplib.SMTP", SlowSMTP)
    monkeypatch.setattr(SlowSMTP, "sent", [])
    known = world.a.student.user.email
    started = time.monotonic()
    response = client.post("/password/forgot", data={"email": known})
    assert response.status_code == 302 and time.monotonic() - started < 0.5
    assert jobs.wait_for_jobs(app)
    [message] = SlowSMTP.sent
    assert message["To"] == known
    with unscoped():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "auth.password_reset_requested")
        )
    assert event.actor_id == world.a.student.user.id and event.ip == "127.0.0.1"
    assert event.institution_id == world.a.institution.id
