"""The leave-behind PDF: rendered once per HTML and kept, within a per-person budget of renders.

A render costs a fifth of a second of CPU; serving kept bytes costs one query. The working copy
and each revision keep their last render (`PlanPdf`) with the digest of the HTML it came from,
so downloads of unchanged text, a frozen revision above all, render nothing. Renders that do
happen are counted per person (`PDF_RENDER_RATE_LIMIT`), so that nobody can keep the CPU busy
by editing and downloading in a loop; downloads of kept PDFs are never refused.
"""

from __future__ import annotations

import math
import time

from flask import current_app
from limits import parse
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db, limiter
from ..tenancy.models import Institution, utcnow
from . import document
from .document import LeaveBehind
from .models import Plan, PlanPdf, PlanRevision

# What committing a kept render raises when a parallel download of the same plan kept one first.
KEEP_RACES = (IntegrityError, StaleDataError)


class RenderRefused(Exception):
    """The person rendered too many PDFs lately; they may try again in `retry_after` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(f"Too many PDFs rendered; try again in {retry_after} s.")
        self.retry_after = retry_after


def _spend_render(user_id: int) -> None:
    """Count one render for `user_id`, or raise RenderRefused once over the limit."""
    if not limiter.enabled:
        return
    limit = parse(current_app.config["PDF_RENDER_RATE_LIMIT"])
    if limiter.limiter.hit(limit, "pdf-render", str(user_id)):
        return
    reset_at = limiter.limiter.get_window_stats(limit, "pdf-render", str(user_id)).reset_time
    raise RenderRefused(max(1, math.ceil(reset_at - time.time())))


def kept_pdf(plan: Plan, number: int) -> PlanPdf | None:
    """Return the last render kept for the working copy (0) or revision `number` of `plan`."""
    return db.session.execute(
        select(PlanPdf).where(PlanPdf.plan_id == plan.id, PlanPdf.number == number)
    ).scalar_one_or_none()


def leave_behind_pdf(
    plan: Plan,
    revision: PlanRevision | None,
    doc: LeaveBehind,
    institution: Institution,
    user_id: int,
) -> bytes:
    """Return the PDF of `doc` (`plan`'s working copy, or `revision`), rendered only if its HTML
    changed since the last render; a render counts against `user_id`'s budget.

    The caller commits; a parallel download may have kept the same render first (see
    `KEEP_RACES`), which loses nothing.
    """
    html = document.render_html(doc, institution)
    digest = document.html_digest(html)
    number = revision.number if revision is not None else PlanPdf.WORKING_COPY
    kept = kept_pdf(plan, number)
    if kept is not None and kept.html_digest == digest:
        return kept.pdf
    _spend_render(user_id)
    pdf = document.pdf_of_html(html)
    if kept is None:
        kept = PlanPdf(plan_id=plan.id, number=number)
        db.session.add(kept)
    kept.html_digest, kept.pdf, kept.rendered_at = digest, pdf, utcnow()
    return pdf
