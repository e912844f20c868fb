"""Forms of the records pages: download (a button) and removal (type the name to confirm)."""

from __future__ import annotations

from wtforms import HiddenField, StringField
from wtforms.validators import InputRequired, Length

from ..formcheck import WebForm


class ExportForm(WebForm):
    """Download the records: only its CSRF token."""


class RemoveForm(WebForm):
    confirm_name = StringField(
        "Type the student's full name to confirm",
        validators=[InputRequired("Type the name to confirm."), Length(max=200)],
    )
    version = HiddenField()
