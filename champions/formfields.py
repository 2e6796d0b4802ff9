"""Form fields whose 'cannot read that' messages are in plain British English, not WTForms' defaults."""
from __future__ import annotations

from wtforms import fields
from wtforms.validators import StopValidation


class DateField(fields.DateField):
    """A date (an HTML date input); a value it cannot read gets `invalid_message` ('Enter a real date ...')."""

    def __init__(self, *args, invalid_message: str = "Enter a real date, for example 2027-03-03", **kwargs):
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist):
        """Parse the date; say plainly when it is not one."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.invalid_message) from None

    def pre_validate(self, form):
        """A value that could not be read gets that one message, not the other validators' too."""
        if self.process_errors:
            raise StopValidation()


class IntegerField(fields.IntegerField):
    """A whole number; anything else gets `invalid_message` ('Enter a number')."""

    def __init__(self, *args, invalid_message: str = "Enter a number", **kwargs):
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist):
        """Parse the number; say plainly when it is not one."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.invalid_message) from None

    def pre_validate(self, form):
        """A value that could not be read gets that one message, not the other validators' too."""
        if self.process_errors:
            raise StopValidation()
