"""`apply_change`: one commit on success, returning the change's value; on a refusal, a
conflict or a race-only database error, roll back and say why."""

from __future__ import annotations

import pytest
from flask import get_flashed_messages
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from careercenter.actions import Conflict, Refused, apply_change, check_version, insert_if_absent
from careercenter.extensions import db
from careercenter.tenancy.models import Institution

STALE = "Someone else changed this meanwhile."


@pytest.fixture
def request_ctx(app):
    """A request context on the app under test, so flash() has a session."""
    with app.test_request_context():
        yield
        db.session.remove()


ADDED: list[Institution] = []


def _rolled_back() -> bool:
    """Whether the session was rolled back: the row the change added is no longer in it."""
    return ADDED[-1] not in db.session


def _saved_slugs() -> list[str]:
    db.session.remove()
    return sorted(db.session.scalars(select(Institution.slug)))


def _add(slug: str, then: Exception | None = None):
    def change():
        ADDED.append(Institution(slug=slug, name=slug.title()))
        db.session.add(ADDED[-1])
        db.session.flush()
        if then is not None:
            raise then
        return ADDED[-1].id

    return change


def _duplicate_slug():
    """Insert a slug that is taken: a unique violation, as two requests at once cause."""
    _add("taken")()
    db.session.commit()
    return _add("taken")


def _null_name():
    """Violate NOT NULL: a bug, never a race."""
    db.session.add(Institution(slug="nameless", name=None))
    db.session.flush()


def test_a_change_is_committed_and_its_value_returned(request_ctx):
    outcome = apply_change(_add("saved"), stale_message=STALE)
    assert outcome and outcome.value == ADDED[-1].id and outcome.refusal is None
    assert get_flashed_messages() == []
    assert _saved_slugs() == ["saved"]


def test_a_change_returning_nothing_still_counts_as_applied(request_ctx):
    assert apply_change(lambda: None)


def test_a_refusal_rolls_back_and_flashes_its_own_text(request_ctx):
    outcome = apply_change(_add("refused", then=Refused("That cohort is archived.")))
    assert not outcome and not outcome.conflict
    assert get_flashed_messages(with_categories=True) == [("error", "That cohort is archived.")]
    assert _rolled_back()
    assert _saved_slugs() == []


def test_a_conflict_flashes_the_view_message_or_its_own(request_ctx):
    outcome = apply_change(_add("a", then=Conflict("This item changed.")), stale_message=STALE)
    assert outcome.conflict and str(outcome.refusal) == STALE
    outcome = apply_change(_add("b", then=Conflict("This item changed.")))
    assert outcome.conflict and str(outcome.refusal) == "This item changed."
    assert get_flashed_messages() == [STALE, "This item changed."]
    assert _saved_slugs() == []


@pytest.mark.parametrize(
    "change",
    [lambda: _add("stale", then=StaleDataError("version mismatch")), _duplicate_slug],
    ids=["stale-data", "unique-violation"],
)
def test_a_concurrent_edit_rolls_back_and_flashes_the_stale_message(request_ctx, change):
    outcome = apply_change(change(), stale_message=STALE)
    assert outcome.conflict
    assert get_flashed_messages(with_categories=True) == [("error", STALE)]
    assert _saved_slugs() in ([], ["taken"])


def test_announce_false_leaves_the_message_to_the_caller(request_ctx):
    outcome = apply_change(_add("quiet", then=Refused("Not here.")), announce=False)
    assert str(outcome.refusal) == "Not here."
    assert get_flashed_messages() == []


def test_an_integrity_error_no_race_can_cause_is_not_swallowed(request_ctx):
    with pytest.raises(IntegrityError):
        apply_change(_null_name, stale_message=STALE)
    assert get_flashed_messages() == []


def test_an_unexpected_error_is_not_swallowed(request_ctx):
    with pytest.raises(KeyError):
        apply_change(_add("boom", then=KeyError("bug")))
    assert get_flashed_messages() == []


@pytest.mark.parametrize(
    ("current", "loaded", "ok"),
    [
        (3, "3", True),
        (3, 3, True),
        (3, " 3 ", True),
        (3, "2", False),
        (3, None, False),
        ("", "", True),  # no progress row yet, and the form says so
        ("", None, True),
        ("", "1", False),
        ("ab12", "ab12", True),  # a settings fingerprint
    ],
)
def test_check_version(current, loaded, ok):
    if ok:
        check_version(current, loaded)
    else:
        with pytest.raises(Conflict, match="Someone else changed this meanwhile"):
            check_version(current, loaded)


def test_insert_if_absent_inserts_once(request_ctx):
    assert insert_if_absent(Institution, slug="once", name="Once")
    assert not insert_if_absent(Institution, slug="once", name="Twice")
    db.session.commit()
    assert _saved_slugs() == ["once"]
