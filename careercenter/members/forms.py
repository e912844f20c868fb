"""Forms of the members, settings and audit pages (every form carries a CSRF token)."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, HiddenField, IntegerField, SearchField, SelectField, StringField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from ..formcheck import WebForm
from ..institutions.branding import colour_problem
from ..tenancy.clock import zone_groups, zone_problem
from ..tenancy.models import Role
from .queries import MemberStatus

try:  # WTForms 3.3 wants SelectChoice objects; older versions take (value, label) tuples.
    from wtforms import SelectChoice as _SelectChoice

    def choice(value: str, label: str):
        return _SelectChoice(value, label)

    def grouped_choices(groups):
        return [
            _SelectChoice(v, label, optgroup=area) for area, opts in groups for v, label in opts
        ]

except ImportError:  # pragma: no cover - WTForms < 3.3

    def choice(value: str, label: str):
        return (value, label)

    def grouped_choices(groups):
        return {area or "": opts for area, opts in groups}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


ROLE_CHOICES = [choice(role.value, role.label) for role in Role]


class InviteForm(WebForm):
    """Invite one person by email with a role."""

    email = EmailField(
        "Email",
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
        filters=[_strip],
    )
    name = StringField("Full name", validators=[DataRequired(), Length(max=200)], filters=[_strip])
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.STUDENT.value)


class ImportForm(WebForm):
    """Upload a CSV file of people to invite."""

    file = FileField(
        "CSV file",
        validators=[FileRequired("Choose a CSV file to upload.")],
        description="UTF-8, with the header line email,name,role.",
    )


class VersionedForm(WebForm):
    """A change to a membership, carrying the version the page was loaded at."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class RoleForm(VersionedForm):
    role = SelectField("New role", choices=ROLE_CHOICES)


class MemberActionForm(VersionedForm):
    """Deactivate or reactivate a membership."""


class ResendForm(WebForm):
    """Send a fresh invitation link."""


class MemberFilterForm(WebForm):
    """Search and filters of the members list (GET, so no CSRF)."""

    class Meta:
        csrf = False

    q = SearchField("Search by name or email", validators=[Optional(), Length(max=100)])
    role = SelectField(
        "Role", choices=[choice("", "Any role"), *ROLE_CHOICES], validators=[Optional()]
    )
    status = SelectField(
        "Status",
        choices=[choice("", "Any status")] + [choice(s.value, s.label) for s in MemberStatus],
        validators=[Optional()],
    )


class AuditFilterForm(WebForm):
    """Filters of the audit log (GET, so no CSRF)."""

    class Meta:
        csrf = False

    action = SelectField("Action", choices=[choice("", "Any action")], validators=[Optional()])
    person = SearchField(
        "Person (name or email)",
        validators=[Optional(), Length(max=100)],
        description="Matches who acted and whom the action was about.",
    )


class SettingsForm(WebForm):
    """Institution settings. To add a setting: add its field and list it in `institution_fields`.

    `loaded` carries a fingerprint of the settings the page showed, so a save made from an
    out-of-date page is refused instead of silently overwriting someone else's change.
    """

    institution_fields = ("name", "brand_colour", "time_zone")

    name = StringField("Institution name", validators=[DataRequired(), Length(max=200)])
    brand_colour = StringField(
        "Brand colour",
        validators=[DataRequired()],
        filters=[lambda value: _strip(value).lower() if isinstance(value, str) else value],
        description="A hex colour such as #1f5f8b, dark enough for white text (contrast 4.5:1).",
    )
    time_zone = SelectField(
        "Time zone",
        validators=[DataRequired()],
        # Checked against every IANA name below, so the message says what is wrong.
        validate_choice=False,
        description="Due dates, “today” and the times shown on every page follow this clock.",
    )
    loaded = HiddenField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        groups = zone_groups()
        offered = {name for _, zones in groups for name, _ in zones}
        current = self.time_zone.object_data
        if current and current not in offered:  # an alias set from the command line
            groups = ((None, ((current, current),)), *groups)
        self.time_zone.choices = grouped_choices(groups)

    def validate_brand_colour(self, field):
        problem = colour_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def validate_time_zone(self, field):
        problem = zone_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def values(self) -> dict:
        """Return the submitted settings by institution attribute."""
        return {name: self[name].data for name in self.institution_fields}
