"""Forms for asking, answering, closing, hiding, flagging and managing tags."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from champions.params import MAX_INT
from champions.formfields import IntegerField
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


class CloseForm(FlaskForm):
    """Close a question with a reason."""

    reason = RadioField("Why are you closing it?", choices=choices(CLOSE_REASONS),
                        validators=[InputRequired("Choose why you are closing the question")])
    duplicate_of = IntegerField("Number of the question it duplicates", invalid_message="Enter the number of a question, for example 12", validators=[
        Optional(), NumberRange(min=1, max=MAX_INT, message="Enter the number of a question")])

    def validate(self, extra_validators=None) -> bool:
        """A duplicate needs the number of the question it duplicates."""
        valid = super().validate(extra_validators)
        if valid and self.reason.data == "duplicate" and not self.duplicate_of.data:
            self.duplicate_of.errors = ["Enter the number of the question it duplicates"]
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
