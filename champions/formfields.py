"""Form fields whose 'cannot read that' messages are in plain British English, not WTForms' defaults."""
from __future__ import annotations

from wtforms import fields
from wtforms.validators import StopValidation


class _PlainInvalidMessage:
    """Replace the field's parse error with `invalid_message`, and stop other validators repeating it."""

    default_invalid_message = "Enter a valid value"

    def __init__(self, *args, invalid_message: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message or self.default_invalid_message

    def process_formdata(self, valuelist):
        """Parse the value; say plainly when it cannot be read (empty is left to the required validators)."""
        if not valuelist or not "".join(str(v) for v in valuelist).strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.invalid_message) from None

    def pre_validate(self, form):
        """A value that could not be read gets that one message, not the other validators' too."""
        if self.process_errors:
            raise StopValidation()


class DateField(_PlainInvalidMessage, fields.DateField):
    """A date (an HTML date input)."""

    default_invalid_message = "Enter a real date, for example 2027-03-03"


class TimeField(_PlainInvalidMessage, fields.TimeField):
    """A time of day (an HTML time input)."""

    default_invalid_message = "Enter a real time, for example 10:00"


class IntegerField(_PlainInvalidMessage, fields.IntegerField):
    """A whole number."""

    default_invalid_message = "Enter a number"
