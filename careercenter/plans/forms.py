"""Forms for starting a blueprint and for its editor (lists are FieldLists of sub-forms)."""

from __future__ import annotations

from urllib.parse import urlsplit

from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TelField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..formcheck import WebForm
from . import contact
from .content import MAX_BULLET, MAX_BULLETS, MAX_ITEMS, MAX_SHORT, MAX_TEXT, InsiderRole

try:  # WTForms 3.3 deprecates (value, label) tuples
    from wtforms.fields.choices import SelectChoice as choice
except ImportError:  # pragma: no cover - older WTForms

    def choice(value, label):
        return (value, label)


WEB_LINK_MESSAGE = (
    "Use a web link that starts with https:// or http://, "
    "such as https://careers.example.com/jobs/42."
)


def validate_web_link(_form, field) -> None:
    """Accept only an http(s) link with a host and no spaces (or nothing), with one message."""
    value = (field.data or "").strip()
    field.data = value
    if not value:
        return
    try:
        parts = urlsplit(value)
    except ValueError:
        raise ValidationError(WEB_LINK_MESSAGE) from None
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or any(c.isspace() for c in value)
    ):
        raise ValidationError(WEB_LINK_MESSAGE)


def _checked_by(problem):
    """Return a validator that strips the field and refuses it with `problem`'s message."""

    def check(_form, field) -> None:
        field.data = (field.data or "").strip()
        message = problem(field.data)
        if message:
            raise ValidationError(message)

    return check


class HeaderMixin:
    """The target opportunity: employer, role, posting, interview dates, cohort."""

    employer = StringField("Employer", validators=[DataRequired(), Length(max=200)])
    role_title = StringField("Role title", validators=[DataRequired(), Length(max=200)])
    posting_url = StringField(
        "Link to the job posting",
        validators=[Optional(), Length(max=500), validate_web_link],
    )
    first_interview_on = DateField("First interview date", validators=[Optional()])
    second_interview_on = DateField("Second interview date", validators=[Optional()])
    cohort_id = SelectField("Cohort", coerce=int, default=0)

    def set_cohort_choices(self, cohorts) -> None:
        self.cohort_id.choices = [choice(0, "Not linked to a cohort")] + [
            choice(c.id, f"{c.name} ({c.term})" if c.term else c.name) for c in cohorts
        ]


class NewPlanForm(HeaderMixin, WebForm):
    submit = SubmitField("Start the blueprint")


class InsiderForm(Form):
    id = HiddenField()  # the entry's stable id (review comments are anchored to it)
    who = SelectField("Who", choices=[choice(r.value, r.label) for r in InsiderRole])
    name = StringField("Name (optional)", validators=[Length(max=MAX_SHORT)])
    title = StringField("Their title (optional)", validators=[Length(max=MAX_SHORT)])
    date = DateField("Date of the conversation", validators=[Optional()])
    takeaways = TextAreaField("Key takeaways", validators=[Length(max=MAX_TEXT)])


def _actions(label: str) -> FieldList:
    # Room for blank inputs beyond the cap; the document schema gives the clear message.
    action = StringField("Action", validators=[Length(max=MAX_BULLET)])
    return FieldList(action, label=label, max_entries=MAX_BULLETS * 2)


def _action_ids() -> FieldList:
    # Each action's stable id, beside its input (review comments are anchored to it).
    return FieldList(HiddenField(), max_entries=MAX_BULLETS * 2)


class GoalForm(Form):
    id = HiddenField()
    title = StringField("Goal", validators=[Length(max=MAX_SHORT)])
    days_30 = _actions("Days 1–30")
    days_60 = _actions("Days 31–60")
    days_90 = _actions("Days 61–90")
    days_30_ids = _action_ids()
    days_60_ids = _action_ids()
    days_90_ids = _action_ids()
    draws_on = TextAreaField(
        "Experience, skills or talents you draw on", validators=[Length(max=MAX_TEXT)]
    )
    measure = StringField("Measure of success", validators=[Length(max=MAX_SHORT)])


class ObstacleForm(Form):
    id = HiddenField()
    obstacle = StringField("Obstacle", validators=[Length(max=MAX_SHORT * 2)])
    navigation = TextAreaField("How you will navigate it", validators=[Length(max=MAX_TEXT)])


def _room(kind: str) -> int:
    # Room past the cap (and past the older, larger caps), so that an over-long list reaches
    # the document schema and its clear message instead of being cut silently.
    return MAX_ITEMS[kind] * 3


def _long_text(label: str, description: str = "") -> TextAreaField:
    return TextAreaField(label, validators=[Length(max=MAX_TEXT)], description=description)


class EditorForm(HeaderMixin, WebForm):
    """The whole blueprint in one form, carrying the version it was loaded at."""

    version = HiddenField()
    expectations = _long_text("What are the expectations, goals and objectives of the job?")
    duties = _long_text("What are its principal duties?")
    known_obstacles = _long_text("What are the known obstacles to success in it?")
    big_picture = _long_text(
        "How does success in the job affect the department, its goals and its customers?"
    )
    insiders = FieldList(FormField(InsiderForm), max_entries=_room("insiders"))
    knowledge_plan = _long_text("How will you acquire the job-specific knowledge?")
    goals = FieldList(FormField(GoalForm), max_entries=_room("goals"))
    obstacles = FieldList(FormField(ObstacleForm), max_entries=_room("obstacles"))
    impact = _long_text("How will success in your first 90 days help the department?")
    hook_functions = StringField(
        "Whom you would like to talk with",
        validators=[Length(max=MAX_SHORT)],
        description="The functions or people who could tell you what the job needs, "
        "e.g. “the analyst in the role now and the director of operations”.",
    )
    hook_script = _long_text("Your hook")
    hook_replace = BooleanField(
        "Replace my current hook with the new draft",
        description="An empty hook is filled straight away; a hook you have written is "
        "replaced only if you tick this.",
    )
    contact_email = EmailField(
        "Email",
        validators=[Length(max=254), _checked_by(contact.email_problem)],
        description="Leave it empty to show no email.",
    )
    contact_phone = TelField(
        "Phone (optional)", validators=[Length(max=40), _checked_by(contact.phone_problem)]
    )
    contact_link = URLField(
        "LinkedIn profile or portfolio link (optional)",
        validators=[Length(max=MAX_SHORT), _checked_by(contact.link_problem)],
    )
    show_research_basis = BooleanField(
        "Say whom your research is based on",
        description="One line under the title naming the people you talked with by their role "
        "(“the hiring manager”) or the title you logged, never their names or your notes.",
    )
    show_credit = BooleanField("Footer: prepared with your career center")
    show_posting_link = BooleanField("Footer: the link to the job posting")
    save = SubmitField("Save draft")
