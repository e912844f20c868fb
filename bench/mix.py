"""The term-time mix: advisors load dashboards and homes while students tick items, save
drafts and submit, all at once, on 16 connections (the Python generator: each request
depends on the page before it, for its form, CSRF token and version).

Each connection owns a few students (so no two connections edit the same student's items or
blueprint) and shares the signed-in advisors. A write is a POST answered by a redirect; the
browser's GET of the redirect target follows it and counts as its own kind ("checklist page",
"blueprint editor"), and provides the form for that student's next write.
"""

from __future__ import annotations

import json
import random
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from careercenter import demo

from .client import sign_in
from .forms import Form, parse
from .pyload import Connection, percentile


@dataclass(frozen=True)
class Kind:
    name: str
    weight: int  # how often a connection picks it (follow-up GETs have none of their own)
    write: bool = False
    min_ratio: float | None = None  # of the baseline, judged on its cost under the mix


BASELINE = "/ping"  # the baseline, loaded among the others: its cost under the mix, measured
KINDS = [
    Kind(BASELINE, 8),  # cheap, so a few hundred samples cost the mix little
    Kind("cohort dashboard", 25, min_ratio=0.1),
    Kind("student home", 35, min_ratio=0.2),
    Kind("advisor home", 8),
    Kind("signed-in floor", 4),  # `bench.instrument`: what any signed-in page costs at least
    Kind("tick an item", 12, write=True),
    Kind("save a draft", 4, write=True),
    Kind("submit or withdraw", 2, write=True),
    Kind("checklist page", 0),  # the redirect after a tick
    Kind("blueprint editor", 0),  # the redirect after a save, submission or withdrawal
]
BY_NAME = {kind.name: kind for kind in KINDS}
EVIDENCE = {"-note": "Done during the term-time bench.", "-link": "https://example.org/evidence"}


@dataclass
class Student:
    cookie: str
    tick_forms: list[Form] = field(default_factory=list)
    plan_path: str | None = None
    plan_forms: list[Form] = field(default_factory=list)


@dataclass
class Advisor:
    cookie: str
    dashboards: list[str]


@dataclass
class KindStats:
    latencies: list[float] = field(default_factory=list)
    failures: int = 0  # non-2xx/3xx answers, a redirect to sign-in, a socket error


@dataclass
class MixSettings:
    connections: int = 16
    students_per_connection: int = 2
    advisors: int = 8
    warmup: float = 3
    duration: float = 30


@dataclass
class MixResult:
    seconds: float
    stats: dict[str, KindStats]
    server: dict[str, dict]  # kind -> count, seconds in the app, cache hits and misses
    students: int
    advisors: int

    @property
    def total(self) -> int:
        return sum(len(s.latencies) for s in self.stats.values())

    @property
    def writes(self) -> int:
        return sum(len(s.latencies) for k, s in self.stats.items() if BY_NAME[k].write)

    def rps(self, kind: str) -> float:
        return len(self.stats[kind].latencies) / self.seconds

    def p(self, kind: str, share: float) -> float:
        return percentile(sorted(self.stats[kind].latencies), share) * 1000

    def app_ms(self, kind: str) -> float | None:
        s = self.server.get(kind)
        return s["seconds"] / s["count"] * 1000 if s and s["count"] else None

    def whole_ms(self, kind: str) -> float | None:
        """Return the mean of what the kind's requests cost their worker in all (parse, app,
        answer, close: `bench.instrument.TimedWorker`), or None without that worker."""
        s = self.server.get(kind)
        whole = s.get("whole") if s and s["count"] else None
        return whole / s["count"] * 1000 if whole else None

    def ratio(self, kind: str) -> float | None:
        """Return the kind's throughput alone at its whole cost under the mix over the
        baseline's at its own, both measured in the same seconds: /ping's cost over the kind's."""
        mine, baseline = self.whole_ms(kind), self.whole_ms(BASELINE)
        return baseline / mine if mine and baseline else None

    def split_ms(self, kind: str) -> tuple[float | None, float | None]:
        """Return the mean time in the app of the kind's requests whose every cache lookup
        hit, and of the others (a lookup missed, or none was made)."""
        s = self.server.get(kind)
        if not s:
            return None, None
        warm, cold = s.get("warm", 0), s["count"] - s.get("warm", 0)
        warm_seconds = s.get("warm_seconds", 0.0)
        return (
            warm_seconds / warm * 1000 if warm else None,
            (s["seconds"] - warm_seconds) / cold * 1000 if cold else None,
        )

    def hit_rate(self, kind: str | None = None) -> float | None:
        rows = [self.server[kind]] if kind else list(self.server.values())
        hits = sum(r["hits"] for r in rows if r)
        lookups = hits + sum(r["misses"] for r in rows if r)
        return hits / lookups if lookups else None


# --- setting up: sign in, find each person's pages --------------------------------------


def _get(conn: Connection, path: str, cookie: str | None, kind: str | None = None):
    headers = {**({"Cookie": cookie} if cookie else {}), **({"X-Bench-Kind": kind} if kind else {})}
    return conn.request("GET", path, headers)


def _post(conn: Connection, path: str, cookie: str, fields, kind: str | None = None):
    headers = {
        "Cookie": cookie,
        "Content-Type": "application/x-www-form-urlencoded",
        **({"X-Bench-Kind": kind} if kind else {}),
    }
    return conn.request("POST", path, headers, urlencode(fields))


def _tick_forms(html: str) -> list[Form]:
    return [f for f in parse(html)[0] if f.action.endswith(("/done", "/undo"))]


def _plan_forms(html: str) -> list[Form]:
    return [
        f for f in parse(html)[0] if f.form_id == "plan-editor" or f.action.endswith("/withdraw")
    ]


def _sign_in_many(base_url: str, emails: list[str], wanted: int) -> list[str]:
    cookies = []
    for email in emails[:wanted]:
        cookies.append(sign_in(base_url, email, demo.DEMO_PASSWORD))
    return cookies


def prepare_people(base_url: str, slug: str, settings: MixSettings, emails: dict[str, list[str]]):
    """Sign in advisors and students (`emails`: active ones with a password, by role); find
    dashboards, checklist forms and blueprints."""
    conn = Connection(base_url)
    advisors = []
    for cookie in _sign_in_many(base_url, emails["advisor"], settings.advisors):
        _, _, html = _get(conn, f"/{slug}/", cookie)
        links = sorted({link for link in parse(html)[1] if f"/{slug}/cohorts/" in link})
        dashboards = [link for link in links if link.rsplit("/", 1)[-1].isdigit()]
        advisors.append(Advisor(cookie, dashboards))
    wanted = settings.connections * settings.students_per_connection
    students = []
    for cookie in _sign_in_many(base_url, emails["student"], 2 * wanted):
        student = Student(cookie)
        student.tick_forms = _tick_forms(_get(conn, f"/{slug}/checklists", cookie)[2])
        _, _, html = _get(conn, f"/{slug}/blueprints", cookie)
        plans = [link for link in parse(html)[1] if link.rsplit("/", 1)[-1].isdigit()]
        if plans and "/blueprints/" in plans[0]:
            student.plan_path = plans[0]
            student.plan_forms = _plan_forms(_get(conn, plans[0], cookie)[2])
        if student.tick_forms and student.plan_forms:
            students.append(student)
        if len(students) == wanted:
            break
    conn.close()
    if not advisors or not any(a.dashboards for a in advisors) or not students:
        raise SystemExit("term-time mix: could not sign in advisors with cohorts and students")
    return advisors, students


# --- the load ----------------------------------------------------------------------------


class _Connection:
    """One connection's loop: pick a kind, act as one of its own students or an advisor."""

    def __init__(self, base_url, slug, advisors, students, seed: int) -> None:
        self.conn = Connection(base_url)
        self.slug, self.advisors, self.students = slug, advisors, students
        self.random = random.Random(seed)
        self.stats: dict[str, KindStats] = {k.name: KindStats() for k in KINDS}
        self.record = False

    def _timed(self, kind: str, call):
        record = self.record  # a request sent during the warm-up is not counted after it
        started = time.perf_counter()
        try:
            status, headers, html = call(kind if record else None)
        except OSError:
            if record:
                self.stats[kind].failures += 1
            return None
        if record:
            self.stats[kind].latencies.append(time.perf_counter() - started)
            location = headers.get("Location", "") or ""
            if not 200 <= status < 400 or "/login" in location:
                self.stats[kind].failures += 1
        return html

    def step(self) -> None:
        kinds = [k for k in KINDS if k.weight]
        kind = self.random.choices(kinds, weights=[k.weight for k in kinds])[0].name
        if not self.students and kind not in ("cohort dashboard", "advisor home"):
            kind = "cohort dashboard"  # fewer students than connections (a tiny volume)
        if kind == "cohort dashboard":
            advisor = self.random.choice([a for a in self.advisors if a.dashboards])
            path = self.random.choice(advisor.dashboards)
            self._timed(kind, lambda k: _get(self.conn, path, advisor.cookie, k))
            return
        if kind == BASELINE:
            self._timed(kind, lambda k: _get(self.conn, BASELINE, None, k))
        elif kind == "advisor home":
            advisor = self.random.choice(self.advisors)
            self._timed(kind, lambda k: _get(self.conn, f"/{self.slug}/", advisor.cookie, k))
        elif kind == "signed-in floor":
            student = self.random.choice(self.students)
            path = f"/{self.slug}/__bench/floor"
            self._timed(kind, lambda k: _get(self.conn, path, student.cookie, k))
        elif kind == "student home":
            student = self.random.choice(self.students)
            self._timed(kind, lambda k: _get(self.conn, f"/{self.slug}/", student.cookie, k))
        elif kind == "tick an item":
            self._tick(self.random.choice(self.students))
        else:
            self._blueprint(self.random.choice(self.students), kind)

    def _tick(self, student: Student) -> None:
        form = self.random.choice(student.tick_forms)
        fields = [
            (name, value or next((v for end, v in EVIDENCE.items() if name.endswith(end)), ""))
            for name, value in form.fields
        ]
        self._timed(
            "tick an item", lambda k: _post(self.conn, form.action, student.cookie, fields, k)
        )
        html = self._timed(
            "checklist page",
            lambda k: _get(self.conn, f"/{self.slug}/checklists", student.cookie, k),
        )
        student.tick_forms = _tick_forms(html or "") or student.tick_forms

    def _blueprint(self, student: Student, kind: str) -> None:
        editor = next((f for f in student.plan_forms if f.form_id == "plan-editor"), None)
        withdraw = next((f for f in student.plan_forms if f.action.endswith("/withdraw")), None)
        if editor and (kind == "save a draft" or not editor.formactions):
            target, fields, kind = editor.action, editor.fields, "save a draft"
        elif editor:
            target, fields = editor.formactions[0], editor.fields
        elif withdraw:
            target, fields, kind = withdraw.action, withdraw.fields, "submit or withdraw"
        else:
            return  # under review: nothing this student may change now
        self._timed(kind, lambda k: _post(self.conn, target, student.cookie, fields, k))
        html = self._timed(
            "blueprint editor", lambda k: _get(self.conn, student.plan_path, student.cookie, k)
        )
        student.plan_forms = _plan_forms(html or "") or student.plan_forms


def run_mix(
    base_url: str, slug: str, settings: MixSettings, workers: int, emails, say=print
) -> MixResult:
    """Sign people in, then load the mix: warm-up (not counted), then `duration` seconds."""
    advisors, students = prepare_people(base_url, slug, settings, emails)
    say(f"  mix: {len(advisors)} advisors, {len(students)} students signed in")
    n_conn = settings.connections
    loops = [_Connection(base_url, slug, advisors, students[n::n_conn], n) for n in range(n_conn)]
    phase = {"stop_at": time.monotonic() + settings.warmup + settings.duration}

    def loop(runner: _Connection) -> None:
        while time.monotonic() < phase["stop_at"]:
            runner.step()
        runner.conn.close()

    threads = [threading.Thread(target=loop, args=(r,)) for r in loops]
    for thread in threads:
        thread.start()
    time.sleep(settings.warmup)
    started = time.monotonic()
    for runner in loops:
        runner.record = True
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    stats = {k.name: KindStats() for k in KINDS}
    for runner in loops:
        for name, s in runner.stats.items():
            stats[name].latencies += s.latencies
            stats[name].failures += s.failures
    return MixResult(seconds, stats, server_stats(base_url, workers), len(students), len(advisors))


def server_stats(base_url: str, workers: int) -> dict[str, dict]:
    """Add up every worker's per-kind counters (`bench.instrument`): ask until each answered."""
    totals: dict[str, dict] = {}
    seen: set[int] = set()
    for _ in range(20 * workers):
        if len(seen) == workers:
            break
        conn = Connection(base_url)
        status, _, body = conn.request("GET", "/__bench/stats", {})
        conn.close()
        data = json.loads(body) if status == 200 else {}
        if not data or data["pid"] in seen:
            continue
        seen.add(data["pid"])
        for kind, row in data["kinds"].items():
            total = totals.setdefault(kind, dict.fromkeys(row, 0))
            for key, value in row.items():
                total[key] += value
    return totals
