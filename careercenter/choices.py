"""Select options in the shape WTForms 3.3+ expects."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms.fields.choices import SelectChoice


def as_choices(pairs: Iterable[tuple]) -> list[SelectChoice]:
    """Return SelectChoice options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]
