"""Forms for cohorts and enrolment."""

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..choices import as_choices
from ..formcheck import WebForm


class CohortForm(WebForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    term = StringField(
        "Term", validators=[Optional(), Length(max=60)], description="For example Fall 2026."
    )
    description = TextAreaField("Description", validators=[Optional(), Length(max=2000)])
    version = HiddenField()


class ActionForm(WebForm):
    """A bare POST carrying only CSRF (archive, remove, regenerate)."""


class AddMemberForm(WebForm):
    membership_id = SelectField("Person", coerce=int, validators=[DataRequired()])


class ImportForm(WebForm):
    file = FileField(
        "CSV file",
        validators=[
            FileRequired("Choose a CSV file."),
            FileAllowed(["csv"], "Upload a .csv file."),
        ],
        description=(
            "One student per row, with an “email” column. "
            "Every row must be valid, or nothing is enrolled."
        ),
    )


class JoinCodeForm(WebForm):
    action = SelectField(
        "Join code",
        choices=as_choices(
            [("enable", "Turn on"), ("disable", "Turn off"), ("regenerate", "Make a new code")]
        ),
    )


class JoinForm(WebForm):
    code = StringField(
        "Join code",
        validators=[DataRequired(), Length(max=16)],
        description="Your career center gives you this code.",
    )
