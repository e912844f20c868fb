"""What `make bench` loads: the baseline, then each scenario, all in one run.

A scenario is data. `path` may use `{slug}` (the main institution) and any id a volume step
put in `TenantVolume.ids` (e.g. `{cohort_id}`, the big cohort). `role` is the demo account
that signs in (`<role>@<slug>.example`), or None for an anonymous request.

A scenario passes when it has no non-2xx responses, its throughput is at least `min_ratio`
of the scenario named `compare_to` (the bare baseline unless said otherwise), and, when
`min_rps` is set, at least that many requests per second (a floor of its own, e.g. for PDF
rendering, which no ratio to a bare route describes well).
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

    def url_path(self, values: dict[str, object]) -> str:
        """Return the path with `{slug}` and the seeded ids filled in."""
        return self.path.format(**values)


# A bare route of the same app: no session, no database, same middleware and headers.
BASELINE = Scenario("baseline", None, "/ping")

SCENARIOS: list[Scenario] = [
    Scenario("admin home", "admin", "/{slug}/", min_ratio=0.2),
    Scenario("advisor home", "advisor", "/{slug}/", min_ratio=0.2),
    Scenario("student home", "student", "/{slug}/", min_ratio=0.2),
]
