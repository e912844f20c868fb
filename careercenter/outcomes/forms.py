"""The forms of the "What happened" panel: record (or correct) one step, or clear it."""

from __future__ import annotations

from wtforms import DateField, HiddenField, SelectField
from wtforms.validators import InputRequired, Optional

from ..formcheck import WebForm

try:  # WTForms 3.3 deprecates (value, label) tuples
    from wtforms.fields.choices import SelectChoice as choice
except ImportError:  # pragma: no cover - older WTForms

    def choice(value, label):
        return (value, label)


SPONSOR_CHOICES = [
    choice("", "Choose an answer"),
    choice("yes", "Yes, they agreed to sponsor it"),
    choice("no", "No, not this time"),
]


class StepForm(WebForm):
    """When a step happened (and, for the hook, the interviewer's answer).

    `version` is the row's version counter when the page was loaded, 0 when not yet recorded.
    """

    happened_on = DateField("When", validators=[InputRequired("Enter the date it happened.")])
    sponsor = SelectField(
        "Did the interviewer agree to sponsor the research?",
        choices=SPONSOR_CHOICES,
        validators=[Optional()],
    )
    version = HiddenField()


class ClearForm(WebForm):
    """Clear a step recorded by mistake."""

    version = HiddenField()
