"""Forms for adding and reviewing resources."""
from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from champions.formfields import DateField
from champions.practice.forms import MultiCheckboxField
from champions.resources.models import KINDS, TEXT_LIMITS


def _too_long(name: str, what: str) -> Length:
    limit = TEXT_LIMITS[name]
    return Length(max=limit, message=f"{what} must be {limit:,} characters or fewer")


class ResourceForm(FlaskForm):
    """A resource's description, its first file or its link, classification and sharing."""

    title = StringField("Title", validators=[DataRequired("Enter a title"), _too_long("title", "The title")])
    summary = TextAreaField("Summary", validators=[DataRequired("Enter a short summary of what it is and who it is for"),
                                                   _too_long("summary", "The summary")])
    kind = RadioField("What kind of resource it is", choices=[SelectChoice(k, v) for k, v in KINDS.items()],
                      validators=[InputRequired("Choose what kind of resource it is")])
    file = FileField("File")
    alt_text = StringField("If the file is an image, describe it for people who cannot see it",
                           validators=[Optional(), Length(max=300, message="The description must be 300 characters or fewer")])
    link_url = StringField("Or a link to it on another website", validators=[Optional(), _too_long("link_url", "The link")])
    option_ids = MultiCheckboxField("SDS options", coerce=int, validators=[Optional()])
    step_ids = MultiCheckboxField("Seven-step stages", coerce=int, validators=[Optional()])
    standard_ids = MultiCheckboxField("SDS standards", coerce=int, validators=[Optional()])
    outcome_ids = MultiCheckboxField("Personal outcomes", coerce=int, validators=[Optional()])
    topic_ids = MultiCheckboxField("Topics", coerce=int, validators=[Optional()])
    organisation_id = SelectField("Whose material it is", coerce=int, validators=[Optional()])
    visibility = RadioField("Who can read it", choices=[SelectChoice("staff", "All staff"),
                                                        SelectChoice("partners", "Staff and partner organisations")],
                            default="staff", validators=[InputRequired("Choose who can read it")])
    review_due_on = DateField("Review date", validators=[Optional()],
                              invalid_message="Enter the review date as a real date, for example 1 6 2027")
    confirm_no_personal_data = BooleanField(
        "It is not about an identifiable person (a phone number or address in it is an organisation’s)")

    saved_review_due_on: date | None = None

    def validate_link_url(self, field):
        """Only secure web addresses: a link is opened by everyone who reads the resource."""
        parts = urlsplit((field.data or "").strip())
        if parts.scheme != "https" or not parts.netloc:
            raise ValidationError("Enter a web address starting with https://, for example https://www.gov.scot/")

    def validate_review_due_on(self, field):
        if field.data and field.data != self.saved_review_due_on and field.data <= date.today():
            raise ValidationError("The review date must be in the future, for example 1 June 2027")


class ReturnForm(FlaskForm):
    """The reviewer's comments when returning a resource."""

    comment = TextAreaField("What needs to change",
                            validators=[DataRequired("Enter what needs to change"), Length(max=5000)])


class VersionForm(FlaskForm):
    """A new version of one of the resource's files (the earlier one stays listed)."""

    file = FileField("New version of the file")
    alt_text = StringField("If it is an image, describe it for people who cannot see it",
                           validators=[Optional(), Length(max=300)])
    confirm_no_personal_data = BooleanField(
        "The file is not about an identifiable person (a phone number or postcode in it is an organisation’s)")
