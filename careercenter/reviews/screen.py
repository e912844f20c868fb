"""The review screen's data: one revision, every comment where it belongs, earlier rounds.

A constant number of statements whatever the number of goals and comments: the plan's
revisions (numbers and states only) with the reviews the screen shows and their rubric
versions, the comments with their authors and replies, the revision last reviewed (for what
changed, kept per revision) and the comment bank. Comments, replies and the bank are read
as rows of the columns shown, not ORM objects. Each statement is built once, its values
bound per request.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

from flask import g, render_template
from markupsafe import Markup
from sqlalchemy import Select, and_, bindparam, or_, select
from sqlalchemy.orm import aliased

from ..auth.models import User
from ..extensions import db
from ..lru import LRU
from ..plans import completeness
from ..plans.models import Plan, PlanRevision, RevisionState
from ..tenancy.models import Membership, Role
from . import counts
from .anchors import AnchorState, Element, Section, anchor_state, elements_of, sections
from .changes import SectionChange, section_changes
from .models import (
    BankComment,
    CommentReply,
    CommentStatus,
    Decision,
    Review,
    ReviewComment,
    ReviewState,
    RubricVersion,
)


class ReviewRow(NamedTuple):
    """What the screen shows of a review: its columns, not an ORM object (kept, with the
    plan's other rounds, between requests)."""

    id: int
    revision_id: int
    reviewer_id: int
    state: ReviewState
    decision: Decision | None
    overall_note: str
    ratings: dict[str, Any]
    published_at: datetime | None
    version: int

    @property
    def is_published(self) -> bool:
        return self.state is ReviewState.PUBLISHED


class RubricRow(NamedTuple):
    """A rubric version's columns (immutable: a rubric is edited as a new version)."""

    id: int
    number: int
    criteria: list[dict[str, str]]
    levels: list[str]


class CommentRow(NamedTuple):
    """What the screen shows of a comment: its columns, not an ORM object (30 at the bench)."""

    id: int
    element_id: str
    element_label: str
    anchored_text: str
    body: str
    status: CommentStatus
    version: int


class ReplyRow(NamedTuple):
    id: int
    comment_id: int
    body: str


class BankRow(NamedTuple):
    id: int
    owner_id: int | None
    body: str


@dataclass
class ReplyView:
    reply: ReplyRow
    author: str


@dataclass
class CommentView:
    comment: CommentRow
    round: int  # the revision number it was made on
    published: bool
    author: str
    anchor: AnchorState
    replies: list[ReplyView] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return self.published and self.comment.status is CommentStatus.OPEN


@dataclass
class Round:
    """A review of one revision, as the screen shows it."""

    review: ReviewRow
    number: int
    reviewer: str
    rubric: RubricRow | None


@dataclass(frozen=True)
class RevisionLink:
    """One revision of the plan, as the screen lists them."""

    id: int
    number: int
    state: RevisionState

    @property
    def visible_to_staff(self) -> bool:
        return self.state is not RevisionState.WITHDRAWN


@dataclass
class Screen:
    plan: Plan
    revision: PlanRevision
    staff: bool
    review: ReviewRow | None
    reviewer: str
    sections: list[Section]
    by_element: dict[str, list[CommentView]]
    orphaned: list[CommentView]
    rounds: list[Round]  # published reviews, newest first
    rubric: RubricRow | None
    changes: dict[str, SectionChange] | None
    compared_with: int | None
    findings: list[completeness.Finding]
    bank: list[BankRow]
    revisions: list[RevisionLink]

    @property
    def open_comments(self) -> list[CommentView]:
        views = [v for vs in self.by_element.values() for v in vs] + self.orphaned
        return sorted((v for v in views if v.open), key=lambda v: v.comment.id)

    def has_open(self, section: Section) -> bool:
        """Whether an open comment sits in `section` (a folded section then shows unfolded)."""
        ids = {section.id} | {e.id for e in section.elements}
        ids |= {p.id for e in section.elements for p in e.parts}
        return any(v.open for i in ids for v in self.by_element.get(i, ()))

    @property
    def comment_count(self) -> int:
        return sum(len(v) for v in self.by_element.values()) + len(self.orphaned)


def build(
    plan: Plan, revision: PlanRevision, member: Membership, owner_version: tuple | None = None
) -> Screen:
    """Return what the review screen shows `member` of `revision` (the student: published
    only). `owner_version` (`permissions.revision_and_plan`) lets the comments be kept."""
    staff = member.role is not Role.STUDENT
    reviews, revisions = _kept(
        revision, staff, owner_version, "rounds", lambda: _rounds(plan, revision)
    )
    review = next((r for r in reviews if r.number == revision.number), None)
    shown_rounds = [r for r in reviews if r.review.is_published]
    views = _kept(
        revision, staff, owner_version, "comments", lambda: _comments(plan, revision, staff)
    )
    analysis = _analysis(revision)
    found = analysis.elements
    by_element: dict[str, list[CommentView]] = defaultdict(list)
    orphaned = []
    for view in views:
        view.anchor = anchor_state(view.comment.element_id, view.comment.anchored_text, found)
        if view.anchor is AnchorState.ORPHANED:
            orphaned.append(view)
        else:
            by_element[view.comment.element_id].append(view)
    changes, compared_with = _changes(revision, shown_rounds)
    return Screen(
        plan=plan,
        revision=revision,
        staff=staff,
        review=review.review if review else None,
        reviewer=review.reviewer if review else "",
        sections=analysis.sections,
        by_element=dict(by_element),
        orphaned=orphaned,
        rounds=sorted(
            (r for r in shown_rounds if r.number <= revision.number),
            key=lambda r: -r.number,
        ),
        rubric=review.rubric if review else None,
        changes=changes,
        compared_with=compared_with,
        findings=analysis.findings,
        bank=_bank(member) if staff else [],
        revisions=revisions,
    )


@cache
def _rounds_statement() -> Select:
    """Select every revision of the plan, each with its review when the screen shows it (a
    published one, or this revision's), its reviewer and its rubric."""
    reviewer = aliased(Membership)
    shown = or_(
        Review.state == ReviewState.PUBLISHED, Review.revision_id == bindparam("revision_id")
    )
    return (
        select(
            PlanRevision.id,
            PlanRevision.number,
            PlanRevision.state,
            *_columns(ReviewRow, Review),
            User.name,
            *_columns(RubricRow, RubricVersion),
        )
        .outerjoin(Review, and_(Review.revision_id == PlanRevision.id, shown))
        .outerjoin(reviewer, reviewer.id == Review.reviewer_id)
        .outerjoin(User, User.id == reviewer.user_id)
        .outerjoin(RubricVersion, RubricVersion.id == Review.rubric_version_id)
        .where(PlanRevision.plan_id == bindparam("plan_id"))
        .order_by(PlanRevision.number)
    )


def _values(plan: Plan, revision: PlanRevision) -> dict[str, int]:
    return {"plan_id": plan.id, "number": revision.number, "revision_id": revision.id}


_REVIEW = 3  # after the revision's id, number and state
_RUBRIC = _REVIEW + len(ReviewRow._fields) + 1  # after the review and its reviewer's name


def _rounds(plan: Plan, revision: PlanRevision) -> tuple[list[Round], list[RevisionLink]]:
    """Return the reviews the screen shows up to `revision`, and every revision of the plan."""
    rows = db.session.execute(_rounds_statement(), _values(plan, revision))
    rounds, links = [], []
    for row in rows:
        revision_id, number, state = row[:_REVIEW]
        links.append(RevisionLink(revision_id, number, state))
        if row[_REVIEW] is not None and number <= revision.number:
            review = ReviewRow(*row[_REVIEW : _RUBRIC - 1])
            rubric = RubricRow(*row[_RUBRIC:]) if row[_RUBRIC] is not None else None
            rounds.append(Round(review, number, row[_RUBRIC - 1] or "", rubric))
    return rounds, links


@cache
def _comments_statement(staff: bool) -> Select:
    """Select the visible comments with their authors, each with its replies (one row per
    reply, or one with no reply), in the order they were made."""
    author, replier, replier_user = aliased(Membership), aliased(Membership), aliased(User)
    visible = Review.state == ReviewState.PUBLISHED
    if staff:  # the draft of this revision's review too; nobody else's drafts exist
        visible = or_(visible, Review.revision_id == bindparam("revision_id"))
    return (
        select(
            *_columns(CommentRow, ReviewComment),
            Review.state,
            PlanRevision.number,
            User.name,
            *_columns(ReplyRow, CommentReply),
            replier_user.name,
        )
        .join(Review, Review.id == ReviewComment.review_id)
        .join(PlanRevision, PlanRevision.id == Review.revision_id)
        .join(author, author.id == ReviewComment.author_id)
        .join(User, User.id == author.user_id)
        .outerjoin(CommentReply, CommentReply.comment_id == ReviewComment.id)
        .outerjoin(replier, replier.id == CommentReply.author_id)
        .outerjoin(replier_user, replier_user.id == replier.user_id)
        .where(ReviewComment.plan_id == bindparam("plan_id"))
        .where(PlanRevision.number <= bindparam("number"))
        .where(visible)
        .order_by(
            ReviewComment.created_at,
            ReviewComment.id,
            CommentReply.created_at,
            CommentReply.id,
        )
    )


_COMMENT = len(CommentRow._fields)
_REPLY = _COMMENT + 3  # after the review's state, the revision's number and the author


# The rounds (reviews, reviewers, rubrics, revisions) and the comments (with their replies
# and authors) a reader sees of a revision, kept under the student's membership version,
# which every review, comment and reply of their blueprints and every revision moves
# (`readiness.cache`), and the queue version, which a user's new name moves (`counts`).
_kept_rows = LRU(512)


def _kept(revision: PlanRevision, staff: bool, owner_version: tuple | None, part: str, read) -> Any:
    """Return `read()`, kept under the owner's version and the queue version while they hold."""
    key = owner_version and counts.feedback_key(
        part, *owner_version, *_revision_key(revision, staff)
    )
    return _kept_rows.cached(key, read)  # a None key (nothing kept) reads afresh


def _comments(plan: Plan, revision: PlanRevision, staff: bool) -> list[CommentView]:
    rows = db.session.execute(_comments_statement(staff), _values(plan, revision))
    views: dict[int, CommentView] = {}
    for row in rows:
        view = views.get(row[0])
        if view is None:
            state, number, author = row[_COMMENT:_REPLY]
            view = views[row[0]] = CommentView(
                CommentRow(*row[:_COMMENT]),
                number,
                state is ReviewState.PUBLISHED,
                author,
                AnchorState.CURRENT,
            )
        if row[_REPLY] is not None:
            reply = ReplyRow(*row[_REPLY : _REPLY + len(ReplyRow._fields)])
            view.replies.append(ReplyView(reply, row[-1]))
    return list(views.values())


def _columns(row: type[tuple], model: type) -> list:
    """Return the columns of `model` a row type names (its fields, in order)."""
    return [getattr(model, name) for name in row._fields]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Analysis:
    """What the screen reads of a revision's document: pure, so kept per revision."""

    sections: list[Section]
    elements: dict[str, Element]
    findings: list[completeness.Finding]


# A revision's document never changes (an immutable snapshot), so its sections, elements,
# gaps and its difference from an earlier revision are computed once per process.
_analyses = LRU(256)
_differences = LRU(256)


def _revision_key(revision: PlanRevision, *more: object) -> tuple:
    # submitted_at tells a revision from one that had its id in a restored database
    return (revision.institution_id, revision.id, revision.submitted_at, *more)


def _analysis(revision: PlanRevision) -> Analysis:
    def analyse() -> Analysis:
        content = revision.content
        found = sections(content)
        return Analysis(found, elements_of(found), completeness.check(content))

    return _analyses.cached(_revision_key(revision), analyse)


def _changes(
    revision: PlanRevision, rounds: list[Round]
) -> tuple[dict[str, SectionChange] | None, int | None]:
    """Compare `revision` with the latest earlier revision that got a published review."""
    earlier = [r.number for r in rounds if r.number < revision.number]
    if not earlier:
        return None, None
    number = max(earlier)

    def compare() -> dict[str, SectionChange]:
        old = db.session.execute(
            _earlier_statement(), {"plan_id": revision.plan_id, "number": number}
        ).scalar_one()
        return section_changes(old.content, revision.content)

    return _differences.cached(_revision_key(revision, number), compare), number


@cache
def _earlier_statement() -> Select:
    return select(PlanRevision).where(
        PlanRevision.plan_id == bindparam("plan_id"), PlanRevision.number == bindparam("number")
    )


# The sections' HTML (about sixty elements with their comments and boxes at ten goals: most
# of the page's time) is kept under everything it shows, read from the rows the page loads
# anyway; comments and replies are never edited, only added, deleted (drafts) or given a
# status, which bumps their version.
_fragments = LRU(64)


def _fragment_key(s: Screen, holds_claim: bool) -> tuple:
    comments = tuple(
        (
            v.comment.id,
            v.comment.version,
            v.comment.status,
            v.comment.body,
            v.published,
            v.author,
            v.round,
            v.anchor,
            tuple((r.reply.id, r.reply.body, r.author) for r in v.replies),
        )
        for views in s.by_element.values()
        for v in views
    )
    bank = tuple((b.id, b.owner_id, b.body) for b in s.bank) if holds_claim else ()
    return (_revision_key(s.revision), s.compared_with, s.staff, holds_claim, comments, bank)


# Stands for the CSRF token in kept HTML (a signed token changes every second): escaped
# text can never hold "<", so nothing else in the fragment reads the same.
CSRF_PLACEHOLDER = Markup("<csrf-token>")


def render_sections(s: Screen, holds_claim: bool, csrf: str) -> Markup:
    """Return the HTML of the revision's sections with their comments (kept while it holds)."""

    def render() -> str:
        return render_template(
            "reviews/_sections.html", s=s, holds_claim=holds_claim, csrf=CSRF_PLACEHOLDER
        )

    html = _fragments.cached(_fragment_key(s, holds_claim), render)
    # The token is URL-safe base64 and dots: nothing to escape.
    return Markup(html.replace(CSRF_PLACEHOLDER, csrf))  # noqa: S704


# The claim holder's draft form (rubric, ratings, note): every change to a review bumps its
# version (its optimistic lock) and a rubric version never changes, so they key it.
_decisions = LRU(64)


def render_decision(s: Screen, holds_claim: bool, csrf: str, note_max: int) -> Markup:
    """Return the HTML of the claim holder's draft form, or nothing (kept per review version)."""
    if not (holds_claim and s.review and s.rubric):
        return Markup("")
    review, rubric = s.review, s.rubric
    key = (_revision_key(s.revision), g.institution.slug, review.id, review.version, rubric.id)

    def render() -> str:
        return render_template(
            "reviews/_decision.html", s=s, csrf=CSRF_PLACEHOLDER, note_max=note_max
        )

    html = _decisions.cached(key, render)
    return Markup(html.replace(CSRF_PLACEHOLDER, csrf))  # noqa: S704


def clear() -> None:
    """Forget every kept analysis, difference, comment list and rendered section and form
    (tests)."""
    _analyses.clear()
    _differences.clear()
    _fragments.clear()
    _decisions.clear()
    _kept_rows.clear()
    _banks.clear()


@cache
def _bank_statement() -> Select:
    return (
        select(*_columns(BankRow, BankComment))
        .where(or_(BankComment.owner_id == bindparam("owner_id"), BankComment.owner_id.is_(None)))
        .order_by(BankComment.owner_id.is_(None), BankComment.criterion_key, BankComment.id)
    )


# A member's comment bank, kept under the queue version, which every change to a bank moves.
_banks = LRU(256)


def _bank(member: Membership) -> list[BankRow]:
    def read() -> list[BankRow]:
        rows = db.session.execute(_bank_statement(), {"owner_id": member.id})
        return [BankRow(*row) for row in rows]

    key = counts.key("bank", member.id)
    return _banks.cached(key, read)
