"""The reports settings form and the button that starts a background export."""

from wtforms import HiddenField, IntegerField
from wtforms.validators import InputRequired, NumberRange, Optional

from ..formcheck import WebForm


class ReportSettingsForm(WebForm):
    """Small-cell threshold and background-export threshold; `loaded` fingerprints them."""

    institution_fields = ("report_min_cell", "export_background_threshold")

    report_min_cell = IntegerField(
        "Smallest count shown in aggregate reports",
        validators=[InputRequired(), NumberRange(5, 30, "Give a whole number from 5 to 30.")],
        description="Counts below this are hidden in the PDF summary and the aggregate CSV "
        "(10 is the most common state minimum).",
    )
    export_background_threshold = IntegerField(
        "Students above which a PDF is made in the background",
        validators=[
            InputRequired(),
            NumberRange(1, 100000, "Give a whole number from 1 to 100,000."),
        ],
        description="Larger PDFs are prepared in the background; you get a page that shows "
        "their progress and offers the file when it is ready.",
    )
    loaded = HiddenField()

    def values(self) -> dict:
        """Return the submitted settings by institution attribute."""
        return {name: self[name].data for name in self.institution_fields}


class StartExportForm(WebForm):
    """Start a background PDF export of the report with these filters."""

    term = HiddenField()
    cohort = HiddenField(validators=[Optional()])
    advisor = HiddenField(validators=[Optional()])
    scope_cohort = HiddenField(validators=[Optional()])  # a cohort's own report
