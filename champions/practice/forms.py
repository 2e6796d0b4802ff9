"""Forms for writing, reviewing and linking practice examples."""
from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from champions.formfields import DateField
from champions.practice.models import TEXT_LIMITS


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes for a multiple choice."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _too_long(name: str, what: str) -> Length:
    limit = TEXT_LIMITS[name]
    return Length(max=limit, message=f"{what} must be {limit:,} characters or fewer")


class ExampleForm(FlaskForm):
    """An example's text, classification, contact and sharing."""

    title = StringField("Title", validators=[DataRequired("Enter a title"), _too_long("title", "The title")])
    summary = TextAreaField("Summary", validators=[DataRequired("Enter a short summary"), _too_long("summary", "The summary")])
    situation = TextAreaField("The situation", validators=[DataRequired("Describe the situation"), _too_long("situation", "The situation")])
    action = TextAreaField("What was done", validators=[DataRequired("Describe what was done"), _too_long("action", "What was done")])
    outcomes_text = TextAreaField("Outcomes achieved", validators=[Optional(), _too_long("outcomes_text", "The outcomes")])
    outcome_ids = MultiCheckboxField("Personal outcomes achieved", coerce=int, validators=[Optional()])
    option_ids = MultiCheckboxField("SDS options", coerce=int, validators=[Optional()])
    step_ids = MultiCheckboxField("Seven-step stages", coerce=int, validators=[Optional()])
    standard_ids = MultiCheckboxField("SDS standards", coerce=int, validators=[Optional()])
    topic_ids = MultiCheckboxField("Topics", coerce=int, validators=[Optional()])
    team_or_area = StringField("Team or area", validators=[Optional(), _too_long("team_or_area", "The team or area")])
    contact_id = SelectField("SDS Champion to contact", coerce=int, validators=[Optional()])
    visibility = RadioField("Who can read it", choices=[SelectChoice("staff", "All staff"), SelectChoice("partners", "Staff and partner organisations")],
                            default="staff", validators=[InputRequired("Choose who can read it")])
    review_due_on = DateField("Review date", validators=[Optional()],
                              invalid_message="Enter the review date as a real date, for example 1 6 2027")
    anonymised_confirmed = BooleanField(
        "I confirm this example is anonymised: nobody who uses services could be identified from it",
        validators=[DataRequired("Confirm the example is anonymised")])

    saved_review_due_on: date | None = None  # an edited example's date as saved: an overdue one may stay

    def validate_review_due_on(self, field):
        """A new review date is always ahead: a past one would put the example straight into the overdue list."""
        if field.data and field.data != self.saved_review_due_on and field.data <= date.today():
            raise ValidationError("The review date must be in the future, for example 1 June 2027")


class ReturnForm(FlaskForm):
    """The reviewer's comments when returning an example to its author."""

    comment = TextAreaField("What the author needs to change",
                            validators=[DataRequired("Enter what the author needs to change"), Length(max=5000)])


class LinkQuestionForm(FlaskForm):
    """Link a related question by its number or address."""

    question = StringField("Question number or address",
                           validators=[DataRequired("Enter a question number or address"), Length(max=500)])
