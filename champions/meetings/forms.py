"""Forms for meetings, agenda items, issues, actions and standing updates."""
from __future__ import annotations

from datetime import timedelta

from flask_wtf import FlaskForm
from wtforms import (BooleanField, SelectChoice, HiddenField, RadioField, SelectField, SelectMultipleField,
                     StringField, TextAreaField, URLField)
from wtforms.validators import URL, DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from champions.formfields import DateField, TimeField
from champions.permissions import VISIBILITY_LABELS
from champions.timeutil import to_local, utcnow

NOTES_MAX = 20000
FAR_DAYS = 365


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (rendered by the field macro as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _today():
    return to_local(utcnow()).date()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class MeetingForm(FlaskForm):
    """Create or edit a meeting's details."""

    date_needs_confirming = False  # set when the date is far away: shows the confirmation box

    title = StringField("Title", validators=[Optional(), Length(max=200)])
    date = DateField("Date", validators=[InputRequired("Enter the date of the meeting")],
                     invalid_message="Enter a real date for the meeting, for example 3 3 2027")
    confirm_date = BooleanField("Yes, the date is right")
    start_time = TimeField("Start time", validators=[InputRequired("Enter the start time, for example 14:30")])
    end_time = TimeField("End time", validators=[InputRequired("Enter the end time, for example 16:00")])
    place = StringField("Place", validators=[Optional(), Length(max=300)])
    online_link = URLField("Online meeting link", validators=[Optional(), Length(max=500)])
    visibility = RadioField("Who can read the notes", choices=[SelectChoice(k, v) for k, v in VISIBILITY_LABELS.items()],
                            default="staff", validators=[InputRequired("Choose who can read the notes")])
    attendees = MultiCheckboxField("Attendees", coerce=int)
    apology_members = MultiCheckboxField("Apologies from members", coerce=int)
    apologies_other = TextAreaField("Other apologies", validators=[Optional(), Length(max=2000)])
    guests = TextAreaField("Guests", validators=[Optional(), Length(max=4000)])

    def validate_date(self, field):
        """A date more than a year away is probably a typing slip: ask the person to confirm."""
        if field.data and abs((field.data - _today()).days) > FAR_DAYS and not self.confirm_date.data:
            self.date_needs_confirming = True
            when = "in the past" if field.data < _today() else "in the future"
            raise ValidationError(f"The date is more than a year {when}. Check it, or tick "
                                  "'Yes, the date is right' to keep it")

    def validate_end_time(self, field):
        if field.data and self.start_time.data and field.data <= self.start_time.data:
            raise ValidationError("The end time must be after the start time")

    def validate_online_link(self, field):
        if field.data:
            if not field.data.startswith("https://"):
                raise ValidationError("Enter the online meeting link starting with https://")
            URL(require_tld=True, message="Enter a valid web address for the online meeting link")(self, field)

    def validate_guests(self, field):
        for line in _lines(field.data):
            name, _, org = line.partition(",")
            if len(name.strip()) > 120 or len(org.strip()) > 200:
                raise ValidationError("Each guest's name must be 120 characters or fewer, "
                                      "and their organisation 200 or fewer")

    def validate_apologies_other(self, field):
        if any(len(line) > 200 for line in _lines(field.data)):
            raise ValidationError("Each name in other apologies must be 200 characters or fewer")

    def guest_rows(self) -> list[tuple[str, str]]:
        """(name, organisation) from 'Name, Organisation' lines."""
        rows = []
        for line in _lines(self.guests.data):
            name, _, org = line.partition(",")
            rows.append((name.strip(), org.strip()))
        return rows

    def other_apologies(self) -> list[str]:
        return _lines(self.apologies_other.data)


class ItemNotesForm(FlaskForm):
    """Notes and decisions for one agenda item."""

    title = StringField("Item title", validators=[DataRequired("Enter a title for the item"), Length(max=200)])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=NOTES_MAX)])
    decisions = TextAreaField("Decisions", validators=[Optional(), Length(max=NOTES_MAX)])


class FreeItemForm(FlaskForm):
    """A new agenda item typed in."""

    free_title = StringField("Title of the new item",
                             validators=[DataRequired("Enter a title for the new item"), Length(max=200)])


class AddSuggestionForm(FlaskForm):
    """'Add to agenda' for a suggestion: its kind and the id of what it came from."""

    kind = HiddenField(validators=[DataRequired()])
    ref = HiddenField(validators=[DataRequired()])


class LinkQuestionForm(FlaskForm):
    """Link a question by its number or its address."""

    question = StringField("Question number or link",
                           validators=[DataRequired("Enter a question number or link"), Length(max=500)])


class IssueForm(FlaskForm):
    """An issue identified at the meeting."""

    text = TextAreaField("Issue", validators=[DataRequired("Describe the issue"), Length(max=NOTES_MAX)])
    questions = StringField("Linked questions", validators=[Optional(), Length(max=1000)])


class ActionForm(FlaskForm):
    """An action raised at the meeting."""

    due_needs_confirming = False  # set when the due date is past: shows the confirmation box

    what = TextAreaField("What needs doing", validators=[DataRequired("Describe the action"), Length(max=500)])
    owner = SelectField("Owner", coerce=str, validators=[DataRequired("Choose who owns this action")])
    due_on = DateField("Due date", validators=[Optional()],
                       invalid_message="Enter a real due date, for example 30 4 2027")
    confirm_due = BooleanField("Yes, the due date is right")

    def validate_due_on(self, field):
        """A due date already past is allowed (it records an overdue action) once confirmed."""
        if field.data and field.data < _today() and not self.confirm_due.data:
            self.due_needs_confirming = True
            raise ValidationError("The due date is in the past. Check it, or tick "
                                  "'Yes, the due date is right' to keep it")
        if field.data and field.data > _today() + timedelta(days=5 * FAR_DAYS):
            raise ValidationError("The due date must be within five years")


class StandingUpdateForm(FlaskForm):
    """A regular update given at each meeting."""

    title = StringField("Name of the update", validators=[DataRequired("Enter a name"), Length(max=200)])
    description = StringField("Who gives it", validators=[Optional(), Length(max=500)])
