"""A student's blueprints in their records: every blueprint, its working copy and every revision
(withdrawn ones too: they are the student's), as JSON and as the leave-behind PDFs. Removal
deletes them, and the audit log forgets which blueprint its events were about."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import g
from sqlalchemy import delete, select

from ..audit.erase import forget_subjects
from ..extensions import db
from ..record_sections import Collected, register_section
from ..tenancy.models import Membership
from . import document
from .models import Plan, PlanPdf, PlanRevision


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _pdf(kept: dict[tuple[int, int], PlanPdf], plan: Plan, number: int, doc) -> bytes:
    """Return the leave-behind's PDF: the kept render when its HTML is unchanged, else a new one.

    The export itself is rate-limited (records/routes.py), so renders here spend no budget.
    """
    html = document.render_html(doc, g.institution)
    pdf = kept.get((plan.id, number))
    if pdf is not None and pdf.html_digest == document.html_digest(html):
        return pdf.pdf
    return document.pdf_of_html(html)


def collect_blueprints(membership: Membership) -> Collected:
    plans = (
        db.session.execute(
            select(Plan).where(Plan.owner_id == membership.id).order_by(Plan.created_at, Plan.id)
        )
        .unique()
        .scalars()
        .all()
    )
    ids = [plan.id for plan in plans]
    revisions: dict[int, list[PlanRevision]] = {plan_id: [] for plan_id in ids}
    kept: dict[tuple[int, int], PlanPdf] = {}
    if ids:
        for revision in db.session.execute(
            select(PlanRevision)
            .where(PlanRevision.plan_id.in_(ids))
            .order_by(PlanRevision.plan_id, PlanRevision.number)
        ).scalars():
            revisions[revision.plan_id].append(revision)
        for pdf in db.session.execute(select(PlanPdf).where(PlanPdf.plan_id.in_(ids))).scalars():
            kept[(pdf.plan_id, pdf.number)] = pdf
    data: list[dict[str, Any]] = []
    files: dict[str, bytes] = {}
    for plan in plans:
        folder = f"blueprints/{plan.id}"
        files[f"{folder}/working-copy.pdf"] = _pdf(
            kept, plan, PlanPdf.WORKING_COPY, document.from_plan(plan)
        )
        entries = []
        for revision in revisions[plan.id]:
            name = f"{folder}/revision-{revision.number}.pdf"
            files[name] = _pdf(kept, plan, revision.number, document.from_revision(revision))
            entries.append(
                {
                    "number": revision.number,
                    "state": revision.state.value,
                    "submitted_at": _iso(revision.submitted_at),
                    "decided_at": _iso(revision.decided_at),
                    "header": asdict(revision.header),
                    "content": revision.content.to_json(),
                    "pdf": name,
                }
            )
        data.append(
            {
                "id": plan.id,
                "employer": plan.employer,
                "role_title": plan.role_title,
                "posting_url": plan.posting_url,
                "first_interview_on": _iso(plan.first_interview_on),
                "second_interview_on": _iso(plan.second_interview_on),
                "state": plan.state.value,
                "created_at": _iso(plan.created_at),
                "updated_at": _iso(plan.updated_at),
                "working_copy": plan.content.to_json(),
                "working_copy_pdf": f"{folder}/working-copy.pdf",
                "revisions": entries,
            }
        )
    return Collected(data, files)


def erase_blueprints(membership: Membership) -> None:
    theirs = select(Plan.id).where(Plan.owner_id == membership.id)
    forget_subjects("Plan", theirs)
    for model in (PlanPdf, PlanRevision):
        db.session.execute(
            delete(model)
            .where(model.plan_id.in_(theirs))
            .execution_options(synchronize_session=False)
        )
    db.session.execute(
        delete(Plan)
        .where(Plan.owner_id == membership.id)
        .execution_options(synchronize_session=False)
    )


register_section(
    "blueprints",
    collect_blueprints,
    erase_blueprints,
    order=40,
    description=(
        "Every 90-Day Blueprint you started: the working copy and every revision you submitted "
        "(also as the leave-behind PDFs in blueprints/)."
    ),
)
