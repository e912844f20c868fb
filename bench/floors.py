"""Floors: the essential work of a scenario, timed in the bench process on the bench database.

A floor says how fast a page could possibly be (e.g. xhtml2pdf rendering the leave-behind's
HTML, with no HTTP, session or database around it), so that the served page can be judged
against it in the same run, on the same machine, under the same background load.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from sqlalchemy import select

from careercenter import create_app
from careercenter.extensions import db
from careercenter.pdf import render_pdf
from careercenter.plans import document
from careercenter.plans.models import Plan
from careercenter.tenancy.models import Institution
from careercenter.tenancy.scoping import tenant_scope

RENDERS = 30  # measured, after WARM_UP unmeasured ones
WARM_UP = 3


@dataclass(frozen=True)
class Floor:
    name: str
    what: str  # what was timed, for the report
    median_ms: float
    p90_ms: float
    samples: int


def leave_behind_html(url: str, slug: str, plan_id: int) -> str:
    """Return the HTML the PDF endpoint renders for the owner of `plan_id` (its working copy),
    produced by the app's own code path on the database at `url`."""
    app = create_app(
        {"ENV_NAME": "development", "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-floor"}
    )
    try:
        with app.test_request_context(f"/{slug}/blueprints/{plan_id}.pdf"):
            institution = db.session.execute(
                select(Institution).where(Institution.slug == slug)
            ).scalar_one()
            with tenant_scope(institution):
                plan = db.session.get(Plan, plan_id)
                return document.render_html(document.from_plan(plan), institution)
    finally:
        with app.app_context():
            db.engine.dispose()


def time_ms(work: Callable[[], object], samples: int, warm_up: int) -> list[float]:
    """Run `work` `warm_up` times unmeasured, then return `samples` durations in ms."""
    for _ in range(warm_up):
        work()
    durations = []
    for _ in range(samples):
        started = time.perf_counter()
        work()
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def summarise(name: str, what: str, durations: list[float]) -> Floor:
    ordered = sorted(durations)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return Floor(name, what, statistics.median(ordered), p90, len(ordered))


def pdf_render(
    url: str,
    values: dict,
    samples: int = RENDERS,
    warm_up: int = WARM_UP,
    plan: str = "plan_id",
    name: str = "xhtml2pdf alone",
) -> Floor:
    """Time `careercenter.pdf.render_pdf` alone on the leave-behind of `{plan}` (`{plan_id}`)."""
    html = leave_behind_html(url, str(values["slug"]), int(values[plan]))
    durations = time_ms(lambda: render_pdf(html), samples, warm_up)
    what = (
        f"`careercenter.pdf.render_pdf` on the leave-behind HTML of blueprint {values[plan]} "
        f"({len(html):,} characters, rendered by the app's template), {samples} renders after "
        f"{warm_up} warm-up, in the bench process just before the scenario's load"
    )
    return summarise(name, what, durations)


def stricter(before: Floor, after: Floor) -> Floor:
    """Return the faster of two measurements of one floor (taken before and after the load),
    so that a burst of background work during one of them cannot loosen the target."""
    best = min(before, after, key=lambda f: f.median_ms)
    medians = f"medians {before.median_ms:.1f} ms before and {after.median_ms:.1f} ms after"
    return Floor(
        best.name,
        best.what.replace("just before the scenario's load", f"before and after the scenario's "
                          f"load ({medians}; the lower is used)"),
        best.median_ms,
        best.p90_ms,
        before.samples + after.samples,
    )  # fmt: skip


# The capped draft of worst-case text (`bench.volume_plans.worst_case_blueprint`): no-break
# spaces and ampersands, which took 1-2 s to render before, against ~0.2 s for ordinary text.
WORST_CASE = "xhtml2pdf alone, worst-case text"

FLOORS: dict[str, Callable[[str, dict], Floor]] = {
    "xhtml2pdf alone": pdf_render,
    WORST_CASE: partial(pdf_render, plan="worst_plan_id", name=WORST_CASE),
}
