"""What `make bench` loads: the baseline, then each scenario, all in one run.

A scenario is data. `path` may use `{slug}` (the main institution) and any id a volume step
put in `TenantVolume.ids` (e.g. `{cohort_id}`, the big cohort). `role` is the demo account
that signs in (`<role>@<slug>.example`), or None for an anonymous request.

A scenario passes when it has no non-2xx responses (and, with `content_type`, answers that
type), its throughput is at least `min_ratio` of the scenario named `compare_to` (the bare
baseline unless said otherwise), when `min_rps` is set at least that many requests per second,
and when `floor` names one of `bench.floors.FLOORS` (work measured in-process, in the same run,
just before the scenario's load) a median latency of at most `max_p50_ratio` × the floor's,
and with `max_floor_ms` the floor's own median at most that (e.g. one render of a capped plan).

`connections` overrides the load's concurrency for one scenario (e.g. 1 for a PDF render,
CPU-bound and serialised per process, whose latency is the target); a throughput ratio is
only computed between scenarios loaded at the same concurrency.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    name: str
    role: str | None
    path: str
    min_ratio: float | None = None
    compare_to: str = "baseline"
    min_rps: float | None = None
    connections: int | None = None
    floor: str | None = None
    max_p50_ratio: float | None = None
    max_floor_ms: float | None = None  # the floor's own median must stay under this
    content_type: str | None = None

    def url_path(self, values: dict[str, object]) -> str:
        """Return the path with `{slug}` and the seeded ids filled in."""
        return self.path.format(**values)


# A bare route of the same app: no session, no database, same middleware and headers.
BASELINE = Scenario("baseline", None, "/ping")
# The framework's floor: `bench.bare`, one Flask route on the same gunicorn settings, loaded
# before and after the app; the baseline must reach MIN_BARE_RATIO of it.
BARE = Scenario("bare Flask", None, "/ping")
MIN_BARE_RATIO = 0.85

SCENARIOS: list[Scenario] = [
    Scenario("admin home", "admin", "/{slug}/", min_ratio=0.2),
    Scenario("advisor home", "advisor", "/{slug}/", min_ratio=0.2),
    Scenario("student home", "student", "/{slug}/", min_ratio=0.2),
    # Issue 3: the advisor's readiness dashboard of the 500-student cohort (every aggregate
    # and the first page of the table).
    Scenario("cohort dashboard", "advisor", "/{slug}/cohorts/{cohort_id}", min_ratio=0.1),
    # Issue 9: the admin's review queue at 10,000 waiting blueprints (counts and the first
    # page, paged on the server), and the review screen of a plan with 10 goals and 30 comments.
    Scenario("review queue, 10,000 waiting", "admin", "/{slug}/reviews", min_ratio=0.1),
    Scenario(
        "review screen, 10 goals, 30 comments",
        "advisor",
        "/{slug}/reviews/{review_revision_id}",
        min_ratio=0.1,
    ),
    # Issue 4: the owner downloads a one-page leave-behind; target: median latency within 2×
    # of xhtml2pdf rendering the same HTML alone.
    Scenario(
        "blueprint PDF",
        "student",
        "/{slug}/blueprints/{plan_id}.pdf",
        connections=1,
        floor="xhtml2pdf alone",
        max_p50_ratio=2.0,
        content_type="application/pdf",
    ),
    # Issue 8: the capped draft of worst-case text (no-break spaces, ampersands). Its floor is
    # one render, which must stay under half a second; downloads serve the kept render.
    Scenario(
        "blueprint PDF, worst-case text",
        "student",
        "/{slug}/blueprints/{worst_plan_id}.pdf",
        connections=1,
        floor="xhtml2pdf alone, worst-case text",
        max_p50_ratio=2.0,
        max_floor_ms=500.0,
        content_type="application/pdf",
    ),
]
