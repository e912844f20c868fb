"""The readiness settings form."""

from wtforms import HiddenField, IntegerField
from wtforms.validators import InputRequired, NumberRange

from ..formcheck import WebForm


class WeightsForm(WebForm):
    """The readiness weights; `loaded` fingerprints them as the page showed them (stale saves)."""

    institution_fields = ("checklist_weight",)

    checklist_weight = IntegerField(
        "Checklist weight (%)",
        validators=[InputRequired(), NumberRange(0, 100, "Give a whole number from 0 to 100.")],
        description="The blueprint stage weighs the rest of 100.",
    )
    loaded = HiddenField()

    def values(self) -> dict:
        """Return the submitted settings by institution attribute."""
        return {name: self[name].data for name in self.institution_fields}
