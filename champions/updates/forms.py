"""Forms for posting, hiding and subscribing to partner updates."""
from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from champions.formfields import DateField
from champions.timeutil import to_local, utcnow
from champions.updates.models import CATEGORIES

FAR_DAYS = 365


class UpdateForm(FlaskForm):
    """An update's title, text, category, event date and (for champions) organisation."""

    # In the order the page shows them, so the error summary lists problems in the same order.
    organisation_id = SelectField("Organisation", coerce=int, validators=[Optional()])
    title = StringField("Title", validators=[DataRequired("Enter a title"),
                                             Length(max=200, message="The title must be 200 characters or fewer")])
    category = RadioField("Category", choices=[SelectChoice(k, v) for k, v in CATEGORIES.items()],
                          validators=[InputRequired("Choose a category")])
    body = TextAreaField("Update", validators=[DataRequired("Enter the text of the update"),
                                               Length(max=20000, message="The update must be 20,000 characters or fewer")])
    event_date = DateField("Event date", validators=[Optional()],
                           invalid_message="Enter the event date as a real date, for example 3 3 2027")
    confirm_event_date = BooleanField("Yes, the event date is right")

    event_date_needs_confirming = False  # set when the date looks like a slip: shows the confirmation box
    saved_event_date: date | None = None  # an edited update's date as saved: not questioned again

    def validate_event_date(self, field):
        """A date in the past, or more than a year ahead, is probably a typing slip: ask the person to confirm."""
        today = to_local(utcnow()).date()
        if not field.data or field.data == self.saved_event_date or self.confirm_event_date.data:
            return
        if field.data < today or (field.data - today).days > FAR_DAYS:
            self.event_date_needs_confirming = True
            when = "in the past" if field.data < today else "more than a year in the future"
            raise ValidationError(f"The event date is {when}. Check it, or tick "
                                  "'Yes, the event date is right' to keep it")


class HideForm(FlaskForm):
    """Why a champion hides an update (the author and other champions see the reason)."""

    reason = StringField("Reason for hiding", validators=[DataRequired("Enter why you are hiding this update"),
                                                         Length(max=500, message="The reason must be 500 characters or fewer")])


class DigestForm(FlaskForm):
    """Opt in or out of the weekly digest."""

    weekly_digest = BooleanField("Email me a weekly summary of new partner updates")
