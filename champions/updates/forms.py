"""Forms for posting, hiding and subscribing to partner updates."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from champions.formfields import DateField
from champions.updates.models import CATEGORIES


class UpdateForm(FlaskForm):
    """An update's title, text, category, event date and (for champions) organisation."""

    title = StringField("Title", validators=[DataRequired("Enter a title"),
                                             Length(max=200, message="The title must be 200 characters or fewer")])
    body = TextAreaField("Update", validators=[DataRequired("Enter the text of the update"),
                                               Length(max=20000, message="The update must be 20,000 characters or fewer")])
    category = RadioField("Category", choices=[SelectChoice(k, v) for k, v in CATEGORIES.items()],
                          validators=[InputRequired("Choose a category")])
    event_date = DateField("Event date", validators=[Optional()], format="%Y-%m-%d",
                           invalid_message="Enter the event date as a real date, for example 2027-03-03")
    organisation_id = SelectField("Organisation", coerce=int, validators=[Optional()])


class HideForm(FlaskForm):
    """Why a champion hides an update (the author and other champions see the reason)."""

    reason = StringField("Reason for hiding", validators=[DataRequired("Enter why you are hiding this update"),
                                                         Length(max=500, message="The reason must be 500 characters or fewer")])


class DigestForm(FlaskForm):
    """Opt in or out of the weekly digest."""

    weekly_digest = BooleanField("Email me a weekly summary of new partner updates")
