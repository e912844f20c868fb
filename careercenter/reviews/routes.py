"""`/<slug>/reviews`: the queue, the review screen, claims, comments, drafts and publishing."""

from __future__ import annotations

from flask import abort, flash, g, jsonify, redirect, render_template, request, url_for
from sqlalchemy import select

from ..actions import apply_change
from ..audit.access import record_view
from ..auth.permissions import roles_required, staff_required
from ..csrf_tokens import csrf_token
from ..extensions import db
from ..formcheck import form_accepted
from ..plans import permissions
from ..plans.models import Plan, PlanRevision, RevisionState
from ..tenancy import get_or_404
from ..tenancy.models import Role
from . import (  # noqa: F401 - bank adds its views, banner the editor's notice
    bank,
    banner,
    comments,
    queue,
    queue_html,
    screen,
    services,
)
from .bp import bp
from .forms import ActionForm, ClaimForm, CommentForm, DraftForm, PublishForm, ReplyForm, StatusForm
from .models import Decision, Review, ReviewComment
from .waits import overdue_before


@bp.get("", endpoint="queue")
@staff_required
def queue_page():
    """List the blueprints waiting for a decision, oldest first, with counts and filters."""
    filters = queue.QueueFilters.from_args(request.args)
    target = services.target_days()
    cutoff = overdue_before(g.institution, target)
    rows, more = queue.page(g.membership, filters, g.institution, cutoff)
    content = queue_html.render_content(
        g.institution,
        counts=queue.counts(g.membership, cutoff),
        rows=rows,
        more=more,
        filters=filters,
        cohorts=queue.cohort_choices(g.membership),
        reviewers=queue.reviewer_choices(),
        target=target,
    )
    return render_template("reviews/queue.html", content_html=content)


def _load(revision_id: int) -> tuple[Plan, PlanRevision]:
    """Load a revision the member may read: the owner's own, or one staff oversee (else 404)."""
    return _checked(get_or_404(PlanRevision, revision_id), None)


def _load_for_screen(revision_id: int) -> tuple[Plan, PlanRevision, tuple | None]:
    """Load as `_load` does, the revision and its plan in one statement with the owner's
    version, both documents left unread until used (the screen keeps what it reads of a
    revision per revision)."""
    found = permissions.revision_and_plan(revision_id, g.membership)
    plan, revision = _checked(found.revision, found.plan)
    return plan, revision, found.owner_version


def _checked(revision: PlanRevision, readable: Plan | None) -> tuple[Plan, PlanRevision]:
    """Return the revision's plan if the member may read it, else answer 404. A revision its
    student withdrew sends the staff who were told of it (a submission notification, its
    mail) on to what still waits, saying why, rather than to a 404."""
    if revision.state is RevisionState.WITHDRAWN and g.membership.role is not Role.STUDENT:
        abort(_withdrawn(revision))
    plan = readable or permissions.require_readable(revision.plan_id, g.membership)
    if not permissions.can_edit(plan, g.membership) and not revision.visible_to_staff:
        abort(404)
    return plan, revision


def _withdrawn(revision: PlanRevision):
    """Answer staff opening a withdrawn revision: on to the newest one still submitted, or the
    queue, with a word on what happened; a 404 for staff who do not oversee the student."""
    plan = db.session.get(Plan, revision.plan_id)
    if plan is None or not permissions.oversees(g.membership, plan):
        abort(404)
    newer = db.session.execute(
        select(PlanRevision.id, PlanRevision.number)
        .where(PlanRevision.plan_id == plan.id, PlanRevision.state != RevisionState.WITHDRAWN)
        .order_by(PlanRevision.number.desc())
        .limit(1)
    ).first()
    student = plan.owner.display_name
    said = f"{student} withdrew revision {revision.number} of “{plan.title}”"
    if newer is not None:
        flash(f"{said}; this is revision {newer.number}, the latest they submitted.", "info")
        return redirect(url_for("reviews.screen", revision_id=newer.id))
    flash(f"{said}: it no longer waits for review.", "info")
    return redirect(url_for("reviews.queue"))


def _back(plan: Plan, fallback: int):
    value = request.form.get("back", "")
    revision_id = int(value) if value.isdigit() and int(value) < 2**31 else fallback
    return redirect(url_for("reviews.screen", revision_id=revision_id))


@bp.get("/<int:revision_id>", endpoint="screen")
def screen_page(revision_id: int):
    """Show one revision with its comments in place, the rubric and the decision."""
    plan, revision, owner_version = _load_for_screen(revision_id)
    if g.membership.role is not Role.STUDENT and record_view(
        "plan.viewed", plan, revision=revision.number
    ):
        # Once a day per viewer; before the page's rows load: a commit expires them all.
        db.session.commit()
    data = screen.build(plan, revision, g.membership, owner_version)
    current = services.is_current(plan, revision)
    review = data.review
    holds = bool(review and review.reviewer_id == g.membership.id and not review.is_published)
    holds_claim = holds and current
    csrf = csrf_token()
    return render_template(
        "reviews/screen.html",
        s=data,
        current=current,
        holds_claim=holds_claim,
        csrf=csrf,
        sections_html=screen.render_sections(data, holds_claim, csrf),
        # The page's forms are plain HTML with its one CSRF token: a form object each would
        # sign a token each (`DraftForm` reads what the draft's form posts).
        decision_html=screen.render_decision(data, holds_claim, csrf, services.MAX_NOTE),
        decisions=Decision,
    )


@bp.post("/<int:revision_id>/claim")
@staff_required
def claim(revision_id: int):
    """Claim a waiting blueprint, or take the claim over explicitly."""
    plan, revision = _load(revision_id)
    form = ClaimForm()
    if form_accepted(form):
        value = (form.take_over_from.data or "").strip()
        taken = int(value) if value.isdigit() else None
        done = apply_change(lambda: services.claim(plan, revision, g.membership, taken))
        if done:
            flash(
                "It is yours to review: comments and the decision stay private until you publish.",
                "success",
            )
    return redirect(url_for("reviews.screen", revision_id=revision_id))


@bp.post("/<int:revision_id>/comments")
@staff_required
def add_comment(revision_id: int):
    """Add a comment on one element to the draft review."""
    plan, revision = _load(revision_id)
    form = CommentForm()
    anchor = None
    if form_accepted(form):
        done = apply_change(
            lambda: comments.add_comment(
                plan, revision, g.membership, form.element_id.data, form.body.data
            )
        )
        if done:
            anchor = f"comment-{done.value.id}"
            flash("Comment saved in your draft; the student sees it once you publish.", "success")
    return redirect(url_for("reviews.screen", revision_id=revision_id, _anchor=anchor))


@bp.post("/<int:revision_id>/comments/<int:comment_id>/delete")
@staff_required
def delete_comment(revision_id: int, comment_id: int):
    """Remove a comment from one's own draft review."""
    _plan, revision = _load(revision_id)
    comment = get_or_404(ReviewComment, comment_id)
    review = services.review_of(revision)
    if review is None or comment.review_id != review.id:
        abort(404)
    if form_accepted(ActionForm()) and apply_change(
        lambda: comments.delete_draft_comment(comment, review, g.membership)
    ):
        flash("Comment removed from your draft.", "success")
    return redirect(url_for("reviews.screen", revision_id=revision_id))


def _ratings_from_form() -> dict[str, dict[str, str]]:
    ratings: dict[str, dict[str, str]] = {}
    for name, value in request.form.items():
        if name.startswith("rating-"):
            key, _, part = name[len("rating-") :].partition(":")
            ratings.setdefault(key, {})["comment" if part == "comment" else "level"] = value
    return ratings


@bp.post("/<int:revision_id>/draft")
@staff_required
def save_draft(revision_id: int):
    """Save the draft's note and ratings (the page's script autosaves here; JSON for it)."""
    plan, revision = _load(revision_id)
    form = DraftForm()
    wants_json = request.accept_mimetypes.best == "application/json"
    if not form_accepted(form, inline=wants_json):
        if wants_json:
            return jsonify(ok=False, error="The page has expired; reload it."), 400
        return redirect(url_for("reviews.screen", revision_id=revision_id))
    done = apply_change(
        lambda: services.save_draft(
            plan,
            revision,
            g.membership,
            form.overall_note.data,
            _ratings_from_form(),
            form.version.data,
        ),
        announce=not wants_json,
    )
    if wants_json:
        if not done:
            return jsonify(ok=False, error=str(done.refusal)), 409
        return jsonify(ok=True, version=done.value.version)
    if done:
        flash("Draft saved. The student sees nothing until you publish.", "success")
    return redirect(url_for("reviews.screen", revision_id=revision_id, _anchor="decision"))


@bp.post("/<int:revision_id>/publish")
@staff_required
def publish(revision_id: int):
    """Save the draft, then publish it with its decision: approve, or request changes."""
    plan, revision = _load(revision_id)
    form = PublishForm()
    choice = request.form.get("decision", "")
    if form_accepted(form) and choice in {d.value for d in Decision}:
        decision = Decision(choice)

        def change() -> Review:
            review = services.save_draft(
                plan,
                revision,
                g.membership,
                form.overall_note.data,
                _ratings_from_form(),
                form.version.data,
            )
            return services.publish(plan, revision, g.membership, decision, review.version)

        if apply_change(change):
            flash(f"Published: {decision.label.lower()}. The student can read it now.", "success")
    return redirect(url_for("reviews.screen", revision_id=revision_id))


def _load_comment(comment_id: int) -> tuple[Plan, ReviewComment, Review]:
    comment = get_or_404(ReviewComment, comment_id)
    plan = permissions.require_readable(comment.plan_id, g.membership)
    review = db.session.get(Review, comment.review_id)
    if review is None or (g.membership.role is Role.STUDENT and not review.is_published):
        abort(404)  # a draft does not exist for the student
    return plan, comment, review


@bp.post("/comments/<int:comment_id>/reply")
def reply(comment_id: int):
    """Reply in a published comment's thread."""
    plan, comment, review = _load_comment(comment_id)
    form = ReplyForm()
    if form_accepted(form) and apply_change(
        lambda: comments.reply(plan, comment, review, g.membership, form.body.data)
    ):
        flash("Reply posted.", "success")
    return _back(plan, review.revision_id)


@bp.post("/comments/<int:comment_id>/addressed")
@roles_required(Role.STUDENT)
def mark_addressed(comment_id: int):
    """Mark a comment addressed (the owner of the blueprint)."""
    plan, comment, review = _load_comment(comment_id)
    if not permissions.can_edit(plan, g.membership):
        abort(404)
    form = StatusForm()
    if form_accepted(form):
        done = apply_change(
            lambda: comments.mark_addressed(plan, comment, review, form.version.data)
        )
        if done:
            flash("Marked addressed. Your advisor will see it.", "success")
    return _back(plan, review.revision_id)


@bp.post("/comments/<int:comment_id>/resolve")
@staff_required
def resolve(comment_id: int):
    """Resolve a comment."""
    plan, comment, review = _load_comment(comment_id)
    form = StatusForm()
    if form_accepted(form) and apply_change(
        lambda: comments.resolve(plan, comment, review, form.version.data)
    ):
        flash("Comment resolved.", "success")
    return _back(plan, review.revision_id)
