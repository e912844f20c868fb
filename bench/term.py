"""Term time on one database: the mix under gunicorn, then 1 and 8 concurrent writers.

Targets (core issue #7): under the mix, the cohort dashboard ≥ 0.1 and the student home
≥ 0.2 of the baseline; on PostgreSQL, 8 writers in one institution reach ≥ 4× one writer.

A kind's ratio under the mix is judged on what it costs there, against /ping's cost there:
the mix loads /ping among its kinds, and each worker (`bench.instrument.TimedWorker`) adds
up what every request cost it in all (parse, app, answer, close), so the baseline is timed
in the same seconds as the pages, on the same busy machine. A kind's throughput alone is
`workers ÷ (its whole cost)`; the ratio is that over /ping's, i.e. /ping's cost over its.
Also reported, for comparison with earlier runs: the cost in the app alone plus the HTTP
cost the wrk baseline measured before the mix (`equivalent_ratio`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field, replace

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from careercenter import create_app
from careercenter.auth.models import User
from careercenter.extensions import db
from careercenter.tenancy.models import Institution, Membership, Role
from careercenter.tenancy.scoping import tenant_scope

from .mix import KINDS, MixResult, MixSettings, run_mix
from .server import ServerSettings, gunicorn
from .writers import WriterResult, measure_writers

MIN_WRITER_SCALING = 4.0  # PostgreSQL: 8 writers ≥ 4 × 1 writer


@dataclass
class TermTime:
    database: str
    dialect: str
    mix: MixResult
    writers: list[WriterResult]
    problems: list[str] = field(default_factory=list)

    @property
    def scaling(self) -> float | None:
        one, many = self.writers[0].per_second, self.writers[-1].per_second
        return many / one if one else None


def equivalent_ratio(app_ms: float, baseline_rps: float, workers: int) -> float:
    """Return a kind's throughput alone, at its cost in the app under the mix plus the HTTP
    cost of the wrk baseline (`workers ÷ baseline req/s`), over that baseline's."""
    per_request = workers / baseline_rps + app_ms / 1000
    return (workers / per_request) / baseline_rps


def estimated_ratio(mix: MixResult, kind: str, baseline_rps: float, workers: int) -> float | None:
    """Return `equivalent_ratio` of the kind's time in the app under the mix, if measured."""
    app_ms = mix.app_ms(kind)
    return equivalent_ratio(app_ms, baseline_rps, workers) if app_ms else None


def judged_ratio(mix: MixResult, kind: str, baseline_rps: float, workers: int) -> float | None:
    """Return the ratio a kind is judged on: against /ping under the mix, or (a worker class
    that cannot time whole requests) the estimate from its time in the app."""
    ratio = mix.ratio(kind)
    return ratio if ratio is not None else estimated_ratio(mix, kind, baseline_rps, workers)


def run_term_time(url: str, description: str, slug: str, server: ServerSettings, say) -> TermTime:
    settings = MixSettings(
        duration=float(os.environ.get("BENCH_MIX_DURATION", "30")),
        warmup=float(os.environ.get("BENCH_MIX_WARMUP", "3")),
    )
    if server.worker_class == "sync":  # the same worker, timing each request's whole cost
        server = replace(server, worker_class="bench.instrument.TimedWorker")
    with gunicorn(url, server, app="bench.instrument:app") as base_url:
        say(f"term-time mix on {description} ({settings.connections} connections) …")
        mix = run_mix(base_url, slug, settings, server.workers, people(url, slug), say)
    say(f"  {mix.total / mix.seconds:,.0f} req/s, {mix.writes / max(mix.total, 1):.0%} writes")
    seconds = float(os.environ.get("BENCH_WRITERS_DURATION", "8"))
    hold = float(os.environ.get("BENCH_WRITE_HOLD_MS", "40"))
    say(f"writers on {description}: 1 and 8, {seconds:g} s each, {hold:g} ms held …")
    writers = measure_writers(url, slug, (1, 8), seconds, hold)
    say("  " + ", ".join(f"{w.writers}: {w.per_second:,.0f} commits/s" for w in writers))
    return TermTime(description, make_url(url).get_backend_name(), mix, writers)


def judge_term_time(term: TermTime, baseline_rps: float, workers: int) -> None:
    """Fill `term.problems` with every missed target."""
    for kind in KINDS:
        stats = term.mix.stats[kind.name]
        if stats.failures:
            term.problems.append(f"{kind.name}: {stats.failures} failed requests")
        if kind.min_ratio is None:
            continue
        ratio = judged_ratio(term.mix, kind.name, baseline_rps, workers)
        if ratio is None:
            term.problems.append(f"{kind.name}: not measured")
            continue
        if ratio < kind.min_ratio:
            term.problems.append(f"{kind.name}: {ratio:.2f} < {kind.min_ratio} × baseline")
    if term.mix.writes < 0.1 * term.mix.total:
        term.problems.append("fewer than 10% of the mix's requests were writes")
    if term.dialect == "postgresql":
        scaling = term.scaling
        if scaling is None or scaling < MIN_WRITER_SCALING:
            term.problems.append(
                f"8 writers reach {scaling or 0:.1f} × one writer (< {MIN_WRITER_SCALING:g})"
            )


def people(url: str, slug: str, limit: int = 200) -> dict[str, list[str]]:
    """Return the emails of active members with a password, by role, demo accounts first
    (signing in as anyone else would fail, and failures count against the login limit)."""
    app = create_app({"ENV_NAME": "development", "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    with app.app_context():
        institution = db.session.execute(
            select(Institution).where(Institution.slug == slug)
        ).scalar_one()
        with tenant_scope(institution):
            rows = db.session.execute(
                select(Membership.role, User.email)
                .join(User, User.id == Membership.user_id)
                .where(Membership.active.is_(True), User.password_hash.is_not(None))
                .order_by(Membership.id)
            ).all()
        db.session.remove()
        db.engine.dispose()
    emails: dict[str, list[str]] = {role.value: [] for role in Role}
    for role, email in rows:
        if len(emails[role.value]) < limit:
            emails[role.value].append(email)
    return emails


def postgres_url() -> str | None:
    """Return the PostgreSQL database for the term-time run, started if need be; None: skip."""
    url = os.environ.get(
        "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/careercenter_bench"
    )
    if not url:
        return None
    if not _reachable(url) and os.geteuid() == 0 and shutil.which("pg_ctlcluster"):
        versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
        if versions:  # as .ci/run does on a fresh machine
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", versions[0], "main", "start"],
                capture_output=True,
                check=False,
            )
    return url


def _reachable(url: str) -> bool:
    engine = create_engine(make_url(url).set(database="postgres"))
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:  # any driver error: not reachable
        return False
    finally:
        engine.dispose()
