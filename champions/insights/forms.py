"""The insights filter: a date range and a team (a GET form, so no CSRF token: it changes nothing)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import Optional, ValidationError

from champions.formfields import DateField

# The longest period the page draws (the month chart has a bar a month).
MAX_DAYS = 5 * 366


class FilterForm(FlaskForm):
    """From, to and team; empty dates mean the last twelve months."""

    class Meta:
        csrf = False

    start = DateField("From", validators=[Optional()])
    end = DateField("To", validators=[Optional()])
    team = SelectField("Team", choices=[], validators=[Optional()], validate_choice=False)

    def validate_end(self, field):
        """The end is not before the start, and the period is at most five years."""
        if self.start.data and field.data:
            if field.data < self.start.data:
                raise ValidationError("The end date must be the same as or after the start date")
            if (field.data - self.start.data).days > MAX_DAYS:
                raise ValidationError("Choose a period of five years or less")
