"""Forms for building, assigning and working through checklists."""

from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Length, Optional

from ..choices import as_choices
from ..formcheck import WebForm
from ..practices.models import Competency
from .models import Evidence


class TemplateForm(WebForm):
    title = StringField("Checklist title", validators=[DataRequired(), Length(max=120)])


class VersionForm(WebForm):
    """A POST on a draft or template that carries the counter it was loaded at."""

    version = HiddenField()


class DetailsForm(VersionForm):
    # Own ids: the version page also shows the item form, whose custom title is `title`.
    title = StringField("Title", id="details-title", validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(
        "Description", id="details-description", validators=[Optional(), Length(max=2000)]
    )


class ItemForm(VersionForm):
    practice_id = SelectField("Practice from the library", coerce=int, default=0)
    title = StringField(
        "Or a custom item",
        validators=[Optional(), Length(max=200)],
        description="Leave empty to use the practice's title.",
    )
    details = TextAreaField("Instructions for students", validators=[Optional(), Length(max=2000)])
    competency = SelectField(
        "NACE competency",
        choices=as_choices(
            [("", "The practice's competency (or none)")] + [(c.value, c.value) for c in Competency]
        ),
        default="",
    )
    required = BooleanField("Required", default=True)
    evidence = SelectField(
        "Evidence", choices=as_choices([(e.value, e.label) for e in Evidence]), default="none"
    )
    needs_verification = BooleanField("An advisor verifies it")


class ItemEditForm(VersionForm):
    """An item of a draft, changed after it was added."""

    title = StringField("Item", validators=[DataRequired(), Length(max=200)])
    details = TextAreaField("Instructions for students", validators=[Optional(), Length(max=2000)])
    competency = SelectField(
        "NACE competency",
        choices=as_choices([("", "None")] + [(c.value, c.value) for c in Competency]),
        default="",
    )
    required = BooleanField("Required")
    evidence = SelectField("Evidence", choices=as_choices([(e.value, e.label) for e in Evidence]))
    needs_verification = BooleanField("An advisor verifies it")


def _past_ok() -> BooleanField:
    # A date before today on campus is refused unless this is ticked (items start overdue).
    return BooleanField("Allow a date in the past")


class AssignForm(WebForm):
    cohort_id = SelectField("Cohort", coerce=int, validators=[DataRequired()])
    due_on = DateField("Due on", validators=[DataRequired(message="Give a due date.")])
    past_ok = _past_ok()


class DueForm(VersionForm):
    due_on = DateField("New due date", validators=[DataRequired(message="Give a due date.")])
    past_ok = _past_ok()


class PublishForm(VersionForm):
    """The confirmation step: publishing is final."""

    confirm = HiddenField()  # "yes" only in the confirmation step's form


class DoneForm(VersionForm):
    note = TextAreaField("What you did", validators=[Optional(), Length(max=2000)])
    link = URLField("Link", validators=[Optional(), Length(max=500)])


class ReviewForm(VersionForm):
    note = TextAreaField("Note to the student", validators=[Optional(), Length(max=2000)])
    # The decision comes from the button pressed (name "<prefix>-decision"), not a field:
    # a hidden field of the same name would shadow it.


class ReplaceForm(VersionForm):
    """Point an assignment at another version; `to_version` is that version's id."""

    to_version = HiddenField()
