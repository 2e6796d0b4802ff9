"""Forms for asking, answering, closing, hiding, flagging and managing tags."""
from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from champions.formfields import DateField
from champions.params import MAX_INT
from champions.questions.models import CLOSE_REASONS, QUESTION_VISIBILITIES

BODY_MAX = 20_000


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (the form macros render it as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def choices(labels: dict) -> list[SelectChoice]:
    """Choices for a radio or checkbox field from a {value: label} dict."""
    return [SelectChoice(value, label) for value, label in labels.items()]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class QuestionForm(FlaskForm):
    """Ask or edit a question."""

    title = StringField("Your question", filters=[_strip], validators=[
        DataRequired("Enter your question"),
        Length(min=10, max=150, message="Your question must be between 10 and 150 characters")])
    body = TextAreaField("Details", validators=[
        Optional(), Length(max=BODY_MAX, message="The details must be 20,000 characters or fewer")])
    tags = MultiCheckboxField("Tags", coerce=int, validators=[Optional()])
    visibility = RadioField("Who can see it", choices=choices(QUESTION_VISIBILITIES), default="staff",
                            validators=[InputRequired("Choose who can see your question")])
    visibility_fixed = False

    def fix_visibility(self, level: str) -> None:
        """Set who can see it for people who do not choose (partners): the field is neither shown nor checked."""
        self.visibility_fixed = True
        self.visibility.data = level  # anything posted for it is ignored
        self.visibility.validators = []


class AnswerForm(FlaskForm):
    """Answer a question, or edit an answer."""

    body = TextAreaField("Your answer", validators=[
        DataRequired("Enter your answer"),
        Length(max=BODY_MAX, message="Your answer must be 20,000 characters or fewer")])


QUESTION_REF = re.compile(r"^\s*(?:(?:question\s*)?#?(\d+)|.*?/questions/(\d+)(?:[/?#].*)?)\s*$", re.IGNORECASE)
NUMBER_MESSAGE = "Enter the number of a question, for example 12, or its web address"


def question_number(text: str | None) -> int | None:
    """The question id in '12', '#12' or a link such as https://hub.example/questions/12; None otherwise."""
    match = QUESTION_REF.match(text or "")
    if not match:
        return None
    number = int(match.group(1) or match.group(2))
    return number if 1 <= number <= MAX_INT else None


class CloseForm(FlaskForm):
    """Close a question with a reason; a duplicate's target is chosen from a title search or typed."""

    reason = RadioField("Why are you closing it?", choices=choices(CLOSE_REASONS),
                        validators=[InputRequired("Choose why you are closing the question")])
    find = StringField("Search question titles", filters=[_strip], validators=[
        Optional(), Length(max=150, message="Search with 150 characters or fewer")])
    duplicate_choice = RadioField("Matching questions", coerce=int, choices=[], validate_choice=False,
                                  validators=[Optional()])
    duplicate_of = StringField("Or enter its number or web address", filters=[_strip], validators=[
        Optional(), Length(max=500, message=NUMBER_MESSAGE)])

    def validate_duplicate_of(self, field) -> None:
        """A typed reference must be a question number or a link to one."""
        if field.data and question_number(field.data) is None:
            raise ValidationError(NUMBER_MESSAGE)

    def target_id(self) -> int | None:
        """The chosen match, else the typed number or link."""
        return self.duplicate_choice.data or question_number(self.duplicate_of.data)

    def validate(self, extra_validators=None) -> bool:
        """A duplicate needs the question it duplicates."""
        valid = super().validate(extra_validators)
        if valid and self.reason.data == "duplicate" and not self.target_id():
            self.duplicate_of.errors = ["Enter the number of the question it duplicates, or search for it by title"]
            return False
        return valid


class HideForm(FlaskForm):
    """Hide a post with a reason."""

    reason = StringField("Reason for hiding it", filters=[_strip], validators=[
        DataRequired("Enter why you are hiding it"), Length(max=500, message="The reason must be 500 characters or fewer")])


class TagForm(FlaskForm):
    """Create or edit a topic tag."""

    name = StringField("Name", filters=[_strip], validators=[
        DataRequired("Enter the tag's name"), Length(max=120, message="The name must be 120 characters or fewer")])
    description = TextAreaField("Description", filters=[_strip], validators=[
        Optional(), Length(max=2000, message="The description must be 2,000 characters or fewer")])


class StandardTagForm(TagForm):
    """Edit an SDS standard: also the day its edition changed, which sends answers tagged with it for a check."""

    edition_changed_on = DateField("Edition changed on", validators=[Optional()],
                                   invalid_message="Enter the date the edition changed as a real date, for example 1 5 2027")
