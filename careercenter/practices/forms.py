"""Forms of the practice library."""

from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..choices import as_choices
from ..formcheck import WebForm
from .models import CATEGORIES, Competency


class PracticeForm(WebForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=120)])
    guidance = TextAreaField(
        "Guidance",
        validators=[DataRequired(), Length(max=5000)],
        description="What to do and why. Plain text; blank lines separate paragraphs.",
    )
    category = SelectField("Category", choices=as_choices(list(CATEGORIES.items())))
    competency = SelectField(
        "NACE competency", choices=as_choices([(c.value, c.value) for c in Competency])
    )
    source = StringField("Source", validators=[Optional(), Length(max=300)])
    version = HiddenField()


class PracticeActionForm(WebForm):
    """A bare POST (hide, show, retire, restore) carrying only CSRF."""


class PracticeFilterForm(WebForm):
    class Meta:
        csrf = False

    q = StringField("Search", validators=[Optional(), Length(max=100)])
    category = SelectField(
        "Category", choices=as_choices([("", "All categories"), *CATEGORIES.items()])
    )
    competency = SelectField(
        "Competency",
        choices=as_choices([("", "All competencies")] + [(c.value, c.value) for c in Competency]),
    )
    page = IntegerField(validators=[Optional()])
