"""The readiness settings form."""

from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange


class WeightsForm(FlaskForm):
    checklist_weight = IntegerField(
        "Checklist weight (%)",
        validators=[InputRequired(), NumberRange(0, 100, "Give a whole number from 0 to 100.")],
        description="The blueprint stage weighs the rest of 100.",
    )
