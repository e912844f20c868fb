"""Background work: RQ on Redis when `REDIS_URL` is set, a few local threads otherwise.

`enqueue(func, *args, **kwargs)` runs a module-level function later, in an app context of
its own, outside any request and any institution (tenant tables need `unscoped()` or
`tenant_scope()`); its arguments are plain JSON values: ids, never ORM objects.
`enqueue_after_commit` holds a job until the session's transaction commits and forgets it
on rollback, so no mail announces a change that did not happen. `JOBS_EAGER` runs jobs at
once, still isolated (tests). A failing job is logged; it never fails the request.

With Redis, `flask jobs worker` runs the jobs (RQ's forking worker, one process per job);
a plain `rq worker careercenter` works too and builds the app from the environment.
"""

from __future__ import annotations

import atexit
import contextvars
import importlib
import json
import os
import queue
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from .extensions import db

if TYPE_CHECKING:
    from rq import Queue

PENDING = "careercenter.jobs.pending"  # Session.info key: jobs waiting for the commit
EXTENSION = "careercenter.jobs"  # app.extensions key: this process's thread pool
REDIS_EXTENSION = "careercenter.jobs.redis"  # app.extensions key: the queue's Redis client
_pool_lock = threading.Lock()
_worker_app: Flask | None = None  # the app `flask jobs worker` serves
_worker_pid = 0  # the process that built it; its forked work horses drop inherited sockets

jobs_cli = AppGroup("jobs", help="Run background jobs.")


def enqueue(func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Run `func(*args, **kwargs)` in the background, now."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    path = _dotted(func)
    _check_plain(path, args, kwargs)
    if app.config["JOBS_EAGER"]:
        run_isolated(app, path, list(args), kwargs)
    elif app.config.get("REDIS_URL"):
        _enqueue_rq(app, path, list(args), kwargs)
    else:
        _pool(app).submit(path, list(args), kwargs)


def enqueue_after_commit(func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Run `func` in the background once the session's transaction commits; never on rollback.

    Outside a transaction (nothing read or written since the last commit) it runs now.
    """
    session = db.session()
    if not session.in_transaction():
        enqueue(func, *args, **kwargs)
        return
    _check_plain(_dotted(func), args, kwargs)
    session.info.setdefault(PENDING, []).append((func, args, kwargs))


@event.listens_for(Session, "after_commit")
def _send_pending(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the outer one may roll back
        return
    for func, args, kwargs in session.info.pop(PENDING, []):
        enqueue(func, *args, **kwargs)


@event.listens_for(Session, "after_transaction_end")
def _drop_pending(session: Session, transaction: SessionTransaction) -> None:
    """Forget the jobs of a transaction that ended without a commit (rollback, close)."""
    if transaction.parent is None:
        session.info.pop(PENDING, None)


def run(path: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    """Run one job in an RQ worker; an exception marks it failed (RQ logs it and retries)."""
    app = _worker_app or _serve(_build_worker_app())
    with app.app_context():
        if os.getpid() != _worker_pid:
            db.engine.dispose(close=False)  # never share the parent's pooled connections
        _resolve(path)(*args, **kwargs)


def run_isolated(app: Flask, path: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    """Run one job as a worker would: no request, `g` or session of the caller; log failures."""
    contextvars.Context().run(_run_logged, app, path, args, kwargs)


def _run_logged(app: Flask, path: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    with app.app_context():
        try:
            _resolve(path)(*args, **kwargs)
        except Exception:
            app.logger.exception("Background job %s failed", path)


def wait_for_jobs(app: Flask, timeout: float = 10.0) -> bool:
    """Wait until this process's local jobs are done; return False on timeout."""
    pool = app.extensions.get(EXTENSION)
    return pool is None or pool.wait(timeout)


class _Pool:
    """Daemon threads working through a bounded queue; a full queue runs the job in the caller."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.pid = os.getpid()
        self.jobs: queue.Queue[tuple[str, list[Any], dict[str, Any]]] = queue.Queue(
            maxsize=int(app.config["JOBS_QUEUE_SIZE"])
        )
        for number in range(int(app.config["JOBS_THREADS"])):
            name = f"careercenter-jobs-{number}"
            threading.Thread(target=self._work, name=name, daemon=True).start()
        # Daemon threads die with the process: give queued mail a moment to leave first.
        atexit.register(self.wait, 10.0)

    def submit(self, path: str, args: list[Any], kwargs: dict[str, Any]) -> None:
        try:
            self.jobs.put_nowait((path, args, kwargs))
        except queue.Full:
            self.app.logger.warning("Job queue full: running %s in the request", path)
            run_isolated(self.app, path, args, kwargs)

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self.jobs.all_tasks_done:
            while self.jobs.unfinished_tasks:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.jobs.all_tasks_done.wait(remaining)
        return True

    def _work(self) -> None:
        while True:
            path, args, kwargs = self.jobs.get()
            try:
                run_isolated(self.app, path, args, kwargs)
            finally:
                self.jobs.task_done()


def _pool(app: Flask) -> _Pool:
    with _pool_lock:
        pool = app.extensions.get(EXTENSION)
        if pool is None or pool.pid != os.getpid():  # threads do not survive a fork
            pool = app.extensions[EXTENSION] = _Pool(app)
        return pool


def rq_queue(app: Flask) -> Queue:
    """Return the app's RQ queue (JSON-serialized: Redis never hands the worker a pickle)."""
    from redis import Redis
    from rq import Queue
    from rq.serializers import JSONSerializer

    # One client (and connection pool) per app; redis-py renews its pool after a fork.
    connection = app.extensions.get(REDIS_EXTENSION)
    if connection is None:
        connection = app.extensions[REDIS_EXTENSION] = Redis.from_url(app.config["REDIS_URL"])
    return Queue(app.config["JOBS_QUEUE"], connection=connection, serializer=JSONSerializer)


def _enqueue_rq(app: Flask, path: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    from redis import RedisError
    from rq import Retry

    try:
        rq_queue(app).enqueue_call(
            run,
            args=(path, args, kwargs),
            description=path,
            timeout=int(app.config["JOBS_TIMEOUT"]),
            retry=Retry(max=3, interval=[30, 120, 600]),  # an SMTP server down for a while
        )
    except RedisError:
        app.logger.exception("Redis refused job %s: running it in this process", path)
        _pool(app).submit(path, args, kwargs)


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def worker_command(burst: bool) -> None:
    """Run the jobs queued in Redis (needs REDIS_URL); one process per job."""
    from rq import Worker
    from rq.serializers import JSONSerializer

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: jobs run in the web process instead.")
    _serve(app)
    queue_ = rq_queue(app)
    worker = Worker([queue_], connection=queue_.connection, serializer=JSONSerializer)
    worker.work(burst=burst, with_scheduler=True)  # the scheduler requeues retries


def _serve(app: Flask) -> Flask:
    """Make `app` the one this worker process runs jobs in."""
    global _worker_app, _worker_pid
    _worker_app, _worker_pid = app, os.getpid()
    return app


def _build_worker_app() -> Flask:
    """Build the app for a plain `rq worker` (without `flask jobs worker`) from the environment."""
    from . import create_app

    return create_app()


def _dotted(func: Callable[..., Any]) -> str:
    path = f"{getattr(func, '__module__', '')}.{getattr(func, '__qualname__', '')}"
    try:
        importable = _resolve(path) is func
    except (ImportError, AttributeError, ValueError):
        importable = False
    if not importable:
        raise ValueError(f"{path} is not a module-level function a worker can import")
    return path


def _resolve(path: str) -> Callable[..., Any]:
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _check_plain(path: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse, in the caller, arguments a worker could not receive (ORM objects, dates)."""
    try:
        json.dumps([args, kwargs])
    except TypeError as error:
        raise TypeError(f"job {path}: arguments must be plain JSON values ({error})") from None
