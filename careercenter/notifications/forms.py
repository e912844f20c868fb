"""Forms for the notification list and the per-kind choices."""

from __future__ import annotations

from wtforms import HiddenField, IntegerField, RadioField
from wtforms.validators import InputRequired, NumberRange

from ..choices import as_choices
from ..formcheck import WebForm
from .models import Delivery, Kind


class ActionForm(WebForm):
    """A bare POST carrying only CSRF (open, mark read)."""


class MarkAllForm(WebForm):
    # The newest notification the page showed: one that arrives later stays unread.
    up_to = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=2**31 - 1)])


class ChoicesForm(WebForm):
    """One radio group per kind the member's role receives (fields added by `choices_form`)."""

    version = HiddenField()
    kinds: list[Kind] = []


def choices_form(kinds: list[Kind], current: dict[Kind, Delivery], **kwargs) -> ChoicesForm:
    """Return a form with a choice for each of `kinds`, preset to `current`."""

    class Form(ChoicesForm):
        pass

    for kind in kinds:
        field = RadioField(
            kind.label,
            choices=as_choices((delivery.value, delivery.label) for delivery in Delivery),
            default=current[kind].value,
            validators=[InputRequired("Choose how you hear of this.")],
        )
        setattr(Form, kind.value, field)
    Form.kinds = list(kinds)
    return Form(**kwargs)
