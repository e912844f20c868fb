"""`apply_change`: one commit on success; on refusal or a concurrent edit, roll back and say why."""

from __future__ import annotations

import pytest
from flask import get_flashed_messages
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from careercenter.actions import apply_change
from careercenter.extensions import db
from careercenter.tenancy.models import Institution

STALE = "Someone else changed this meanwhile."


class Refused(Exception):
    """A refusal a service might raise."""


class StaleRefusal(Refused):
    """A version check that fails before anything is flushed."""


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
    return list(db.session.scalars(select(Institution.slug)))


def _add(slug: str, then: Exception | None = None):
    def change():
        ADDED.append(Institution(slug=slug, name=slug.title()))
        db.session.add(ADDED[-1])
        db.session.flush()
        if then is not None:
            raise then

    return change


def test_a_change_is_committed_and_nothing_is_flashed(request_ctx):
    assert apply_change(_add("saved"), refusals=(Refused,), stale_message=STALE) is True
    assert get_flashed_messages() == []
    assert _saved_slugs() == ["saved"]


def test_a_refusal_rolls_back_and_flashes_its_own_text(request_ctx):
    change = _add("refused", then=Refused("That cohort is archived."))
    assert apply_change(change, refusals=(Refused,), stale_message=STALE) is False
    assert get_flashed_messages(with_categories=True) == [("error", "That cohort is archived.")]
    assert _rolled_back()
    assert _saved_slugs() == []


@pytest.mark.parametrize(
    "error",
    [StaleDataError("version mismatch"), IntegrityError("insert", {}, Exception("dup"))],
    ids=["stale-data", "integrity"],
)
def test_a_concurrent_edit_rolls_back_and_flashes_the_stale_message(request_ctx, error):
    change = _add("stale", then=error)
    assert (
        apply_change(change, refusals=(Refused,), stale=(IntegrityError,), stale_message=STALE)
        is False
    )
    assert get_flashed_messages(with_categories=True) == [("error", STALE)]
    assert _rolled_back()
    assert _saved_slugs() == []


def test_a_stale_exception_wins_over_a_refusal_it_subclasses(request_ctx):
    change = _add("stale", then=StaleRefusal("its own text"))
    saved = apply_change(change, refusals=(Refused,), stale=(StaleRefusal,), stale_message=STALE)
    assert saved is False
    assert get_flashed_messages(with_categories=True) == [("error", STALE)]
    assert _rolled_back()
    assert _saved_slugs() == []


def test_an_unexpected_error_is_not_swallowed(request_ctx):
    with pytest.raises(IntegrityError):
        apply_change(
            _add("boom", then=IntegrityError("insert", {}, Exception("dup"))),
            refusals=(Refused,),
            stale_message=STALE,
        )
    assert get_flashed_messages() == []
