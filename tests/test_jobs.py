"""Background jobs: after-commit delivery, the local thread pool, RQ on a real Redis."""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from pathlib import Path

import pytest
from flask import current_app, g, has_request_context
from sqlalchemy import func, select

from careercenter import jobs
from careercenter.auth.models import User
from careercenter.extensions import db
from careercenter.mail import send_mail
from careercenter.tenancy.scoping import unscoped

from .conftest import dispose, make_app
from .members.conftest import Outbox

JOBS_REDIS_URL = os.environ.get("TEST_JOBS_REDIS_URL", "redis://127.0.0.1:6379/14")


def note(path: str, text: str) -> None:
    """A job: append what it saw to a file, one JSON line per run."""
    seen = {
        "text": text,
        "thread": threading.current_thread().name,
        "request": has_request_context(),
        "tenant": g.get("tenant_id"),
        "outbox": current_app.config["MAIL_OUTBOX"],
    }
    with Path(path).open("a") as file:
        file.write(json.dumps(seen) + "\n")


def count_users(path: str) -> None:
    """A job that needs the database: write how many accounts there are."""
    Path(path).write_text(str(db.session.scalar(select(func.count()).select_from(User))))


def fail(text: str) -> None:
    raise RuntimeError(f"job failed on purpose: {text}")


def _begin() -> None:
    """Open the session's transaction, as any read in a request does."""
    db.session.execute(select(User.id).limit(1))


def _runs(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.fixture
def threaded(app, monkeypatch):
    """The app under test with jobs in local threads (no eager runs, no Redis)."""
    monkeypatch.setitem(app.config, "JOBS_EAGER", False)
    monkeypatch.setitem(app.config, "REDIS_URL", None)
    yield app
    assert jobs.wait_for_jobs(app)


def test_mail_waits_for_the_commit(app, world):
    outbox = Outbox(app)
    with app.app_context():
        _begin()
        send_mail("someone@uni.example", "Hello", "Body")
        assert outbox.messages() == []
        db.session.commit()
    [message] = outbox.messages()
    assert message["To"] == "someone@uni.example" and message.get_content() == "Body\n"
    assert message["Message-ID"].endswith("@careercenter.example>") and message["Date"]


def test_a_rolled_back_change_sends_no_mail(app, world):
    outbox = Outbox(app)
    with app.app_context():
        _begin()
        send_mail("someone@uni.example", "Never", "Body")
        db.session.rollback()
        _begin()
        db.session.commit()  # a later commit does not revive it
    with app.app_context():
        _begin()
        send_mail("someone@uni.example", "Never either", "Body")
    # The app context ended without a commit: the session closed, the mail is forgotten.
    assert outbox.messages() == []


def test_a_released_savepoint_waits_for_the_outer_commit(app, world):
    outbox = Outbox(app)
    with app.app_context():
        _begin()
        with db.session.begin_nested():
            send_mail("someone@uni.example", "Hello", "Body")
        assert outbox.messages() == []
        db.session.commit()
    assert len(outbox.messages()) == 1


def test_outside_a_transaction_the_mail_leaves_at_once(app):
    with app.app_context():
        send_mail("someone@uni.example", "Hello", "Body")
        assert len(Outbox(app).messages()) == 1


def test_a_refused_invitation_sends_no_mail(world, auth, client, app, monkeypatch):
    """A change that fails after queueing its mail (a race, say) rolls the mail back too."""
    from careercenter.actions import Conflict
    from careercenter.members import services

    def invite_then_conflict(*args):
        original(*args)
        raise Conflict("Someone else invited them at the same moment.")

    original = services.deliver_invitations
    monkeypatch.setattr(services, "deliver_invitations", invite_then_conflict)
    auth.login_as(world.a.admin)
    data = {"email": "new@uni.example", "name": "New", "role": "student"}
    page = client.post(f"/{world.a.slug}/members/invite", data=data)
    assert page.status_code == 200 and "at the same moment" in page.get_data(as_text=True)
    assert Outbox(app).messages() == []


def test_jobs_take_only_importable_functions_and_plain_values(app, world):
    with app.app_context():
        with pytest.raises(ValueError, match="module-level"):
            jobs.enqueue(lambda: None)
        with unscoped():  # an ORM object: what a job must never be given
            user = db.session.get(User, world.a.admin.user.id)
        with pytest.raises(TypeError, match="plain JSON"):
            jobs.enqueue(count_users, user)
        with pytest.raises(TypeError, match="plain JSON"):
            jobs.enqueue_after_commit(count_users, user)


def test_an_eager_job_runs_as_a_worker_would(app, world, auth, client, tmp_path, monkeypatch):
    """Even run at once inside a request, a job sees no request, tenant or caller session."""
    from careercenter.home import routes

    path = tmp_path / "runs.jsonl"
    original = routes.index

    def index_with_job(*args, **kwargs):
        jobs.enqueue(note, str(path), "from a request")
        return original(*args, **kwargs)

    monkeypatch.setitem(app.view_functions, "home.index", index_with_job)
    auth.login_as(world.a.admin)
    assert client.get(f"/{world.a.slug}/").status_code == 200
    [run] = _runs(path)
    assert run["request"] is False and run["tenant"] is None


def test_the_thread_pool_runs_jobs_off_the_request_thread(threaded, tmp_path):
    path = tmp_path / "runs.jsonl"
    with threaded.app_context():
        jobs.enqueue(note, str(path), "one")
        jobs.enqueue(note, str(path), text="two")
    assert jobs.wait_for_jobs(threaded)
    runs = _runs(path)
    assert sorted(run["text"] for run in runs) == ["one", "two"]
    assert all(run["thread"].startswith("careercenter-jobs-") for run in runs)
    assert all(run["outbox"] == threaded.config["MAIL_OUTBOX"] for run in runs)


def test_a_job_gets_an_app_context_with_the_database(threaded, world, tmp_path):
    path = tmp_path / "count"
    with threaded.app_context():
        jobs.enqueue(count_users, str(path))
    assert jobs.wait_for_jobs(threaded)
    with threaded.app_context():
        assert path.read_text() == str(db.session.scalar(select(func.count(User.id))))


@pytest.mark.parametrize("eager", [True, False])
def test_a_failing_job_is_logged_not_raised(app, monkeypatch, caplog, tmp_path, eager):
    monkeypatch.setitem(app.config, "JOBS_EAGER", eager)
    monkeypatch.setitem(app.config, "REDIS_URL", None)
    path = tmp_path / "runs.jsonl"
    with caplog.at_level(logging.ERROR), app.app_context():
        jobs.enqueue(fail, "boom")
        jobs.enqueue(note, str(path), "next")
    assert jobs.wait_for_jobs(app)
    assert "Background job tests.test_jobs.fail failed" in caplog.text
    assert "job failed on purpose: boom" in caplog.text
    assert [run["text"] for run in _runs(path)] == ["next"]  # the pool goes on


def test_a_full_queue_runs_the_job_in_the_caller(threaded, monkeypatch, tmp_path):
    monkeypatch.setitem(threaded.config, "JOBS_QUEUE_SIZE", 1)
    monkeypatch.setitem(threaded.config, "JOBS_THREADS", 0)  # nothing takes jobs off the queue
    monkeypatch.delitem(threaded.extensions, jobs.EXTENSION, raising=False)
    path = tmp_path / "runs.jsonl"
    with threaded.app_context():
        jobs.enqueue(note, str(path), "queued")
        jobs.enqueue(note, str(path), "overflow")
    [run] = _runs(path)
    assert run["text"] == "overflow" and run["thread"] == threading.current_thread().name
    pool = threaded.extensions.pop(jobs.EXTENSION)
    pool.jobs.get()
    pool.jobs.task_done()


def test_the_worker_command_needs_redis(app, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", None)
    result = app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL is not set" in result.output


@pytest.fixture
def redis_app(db_url, app, tmp_path, monkeypatch):
    """An app whose jobs go to RQ on a real Redis, on a queue of its own (skipped without)."""
    from redis import Redis, RedisError

    connection = Redis.from_url(JOBS_REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except RedisError as error:
        pytest.skip(f"Redis is not reachable at {JOBS_REDIS_URL} ({error}): RQ jobs not tested")
    name = f"cc-test-jobs-{uuid.uuid4().hex[:12]}"
    redis_app = make_app(
        db_url,
        REDIS_URL=JOBS_REDIS_URL,
        JOBS_QUEUE=name,
        JOBS_EAGER=False,
        MAIL_OUTBOX=str(tmp_path / "outbox"),
        RATELIMIT_KEY_PREFIX=name,
    )
    monkeypatch.setattr(jobs, "_worker_app", redis_app)
    monkeypatch.setattr(jobs, "_worker_pid", os.getpid())
    yield redis_app
    queue = jobs.rq_queue(redis_app)
    job_ids = set(queue.job_ids)
    for registry in (queue.scheduled_job_registry, queue.finished_job_registry):
        job_ids.update(registry.get_job_ids())
    for job_id in job_ids:
        connection.delete(f"rq:job:{job_id}", f"rq:results:{job_id}")
    for key in connection.scan_iter(f"*{name}*"):
        connection.delete(key)
    connection.srem("rq:queues", f"rq:queue:{name}")
    connection.close()
    redis_app.extensions.pop(jobs.REDIS_EXTENSION).close()
    dispose(redis_app)


def _work(redis_app) -> None:
    from rq import SimpleWorker
    from rq.serializers import JSONSerializer

    queue = jobs.rq_queue(redis_app)
    worker = SimpleWorker([queue], connection=queue.connection, serializer=JSONSerializer)
    worker.work(burst=True)


def test_with_redis_jobs_wait_in_the_queue_for_a_worker(redis_app, world, tmp_path):
    path, count = tmp_path / "runs.jsonl", tmp_path / "count"
    with redis_app.app_context():
        jobs.enqueue(note, str(path), "queued")
        jobs.enqueue(count_users, str(count))
        assert jobs.rq_queue(redis_app).count == 2
    assert _runs(path) == []
    _work(redis_app)
    [run] = _runs(path)
    assert run["text"] == "queued" and run["request"] is False
    with redis_app.app_context():
        assert count.read_text() == str(db.session.scalar(select(func.count(User.id))))
        assert jobs.rq_queue(redis_app).count == 0


def test_with_redis_mail_is_queued_only_by_the_commit(redis_app, world):
    outbox = Outbox(redis_app)
    with redis_app.app_context():
        _begin()
        send_mail("rolled@uni.example", "Never", "Body")
        db.session.rollback()
        _begin()
        send_mail("kept@uni.example", "Hello Łucja", "Zoë says hi")
        assert jobs.rq_queue(redis_app).count == 0
        db.session.commit()
        assert jobs.rq_queue(redis_app).count == 1
    _work(redis_app)
    [message] = outbox.messages()
    assert message["To"] == "kept@uni.example" and message["Subject"] == "Hello Łucja"
    assert message.get_content() == "Zoë says hi\n"


def test_with_redis_a_failed_job_is_kept_for_a_retry(redis_app):
    with redis_app.app_context():
        jobs.enqueue(fail, "boom")
    _work(redis_app)  # RQ logs the failure; nothing reaches the caller
    queue = jobs.rq_queue(redis_app)
    [job_id] = queue.scheduled_job_registry.get_job_ids()
    assert queue.fetch_job(job_id).retries_left == 2


def test_the_worker_command_runs_queued_jobs_in_forked_processes(redis_app, world, tmp_path):
    """`flask jobs worker` (what the systemd unit runs): RQ's forking worker, the app's context."""
    path, count = tmp_path / "runs.jsonl", tmp_path / "count"
    with redis_app.app_context():
        jobs.enqueue(note, str(path), "forked")
        jobs.enqueue(count_users, str(count))
        # (inside its app context: `world` keeps the arranging app's context pushed)
        result = redis_app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code == 0, result.output
    [run] = _runs(path)
    assert run["text"] == "forked" and run["outbox"] == redis_app.config["MAIL_OUTBOX"]
    assert int(count.read_text()) >= 6  # the world's accounts, read by the work horse


def test_the_systemd_unit_runs_the_worker_command():
    unit = (Path(__file__).parent.parent / "deploy/systemd/careercenter-worker.service").read_text()
    web = (Path(__file__).parent.parent / "deploy/systemd/careercenter.service").read_text()
    exec_start = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
    assert exec_start.endswith("/flask jobs worker")
    env_file = next(line for line in web.splitlines() if line.startswith("EnvironmentFile="))
    assert env_file in unit and "PartOf=careercenter.service" in unit
