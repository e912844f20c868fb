"""Forms of the review pages (each carries its CSRF token)."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange

from ..formcheck import WebForm
from .comments import MAX_COMMENT
from .services import MAX_NOTE


class ActionForm(WebForm):
    """A button that changes state: its CSRF token and where to go back to."""

    back = HiddenField()


class ClaimForm(WebForm):
    take_over_from = HiddenField()


class CommentForm(WebForm):
    element_id = HiddenField(validators=[DataRequired()])
    body = TextAreaField("Comment", validators=[DataRequired(), Length(max=MAX_COMMENT)])


class DraftForm(WebForm):
    """The draft's overall note and version; ratings come as `rating-<key>` fields."""

    version = HiddenField()
    overall_note = TextAreaField("Overall note to the student", validators=[Length(max=MAX_NOTE)])


class PublishForm(WebForm):
    version = HiddenField()
    overall_note = TextAreaField("Overall note to the student", validators=[Length(max=MAX_NOTE)])


class ReplyForm(WebForm):
    back = HiddenField()
    body = TextAreaField("Your reply", validators=[DataRequired(), Length(max=MAX_COMMENT)])


class StatusForm(WebForm):
    back = HiddenField()
    version = HiddenField()


class BankForm(WebForm):
    body = TextAreaField("Comment to save", validators=[DataRequired(), Length(max=MAX_COMMENT)])
    criterion_key = SelectField("Rubric criterion (optional)", choices=[])
    shared = BooleanField("Share with the whole institution (admins only)")


class SettingsForm(WebForm):
    version = HiddenField()
    target_days = IntegerField(
        "Target for a first response, in business days",
        validators=[DataRequired(), NumberRange(min=1, max=20)],
        description="Submissions that wait longer stand out in the queue and are announced "
        "to the cohort's advisors once.",
    )
    levels = StringField(
        "Rubric levels, lowest first, separated by commas",
        validators=[DataRequired(), Length(max=300)],
    )
