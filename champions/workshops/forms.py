"""Forms for workshops: the workshop, cards, clusters, items (built from the section declarations), closing."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (HiddenField, IntegerField, RadioField, SelectChoice, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from champions.formfields import DateField
from champions.timeutil import to_local, utcnow
from champions.workshops.models import AUDIENCES, CARD_MAX, CLUSTER_NAME_MAX, KINDS, SIDES
from champions.workshops.sections import Field, Section


def today():
    return to_local(utcnow()).date()


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (rendered by the field macro as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _future(field_label: str):
    def check(form, field):
        if field.data and field.data <= today():
            raise ValidationError(f"{field_label} must be a date in the future, for example "
                                  f"{today().day} {today().month} {today().year + 1}")
    return check


class WorkshopForm(FlaskForm):
    """A workshop's kind, facilitator, participants, date and audience."""

    title = StringField("Title", validators=[DataRequired("Enter a title"), Length(max=200)])
    kind = RadioField("Kind of exercise", choices=[SelectChoice(k, v) for k, v in KINDS.items()],
                      validators=[InputRequired("Choose the kind of exercise")])
    facilitator = SelectField("Facilitator", coerce=str, validators=[DataRequired("Choose the facilitator")])
    participants = MultiCheckboxField("Participants", coerce=int, validators=[Optional()])
    team = SelectField("Or a whole team", coerce=str, validators=[Optional()])
    held_on = DateField("Date", validators=[InputRequired("Enter the date of the workshop")],
                        invalid_message="Enter a real date for the workshop, for example 3 3 2027")
    visibility = RadioField("Who can read the record once it is published",
                            choices=[SelectChoice(k, v) for k, v in AUDIENCES.items()], default="members",
                            validators=[InputRequired("Choose who can read the record")])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.team.data and not self.participants.data:
            self.participants.errors = list(self.participants.errors) + ["Choose the participants, or a whole team"]
            self._errors = None
            return False
        return valid


class CardForm(FlaskForm):
    """One idea on a card."""

    side = RadioField("Advantage or challenge", choices=[SelectChoice(k, v[:-1]) for k, v in SIDES.items()],
                      validators=[InputRequired("Choose advantage or challenge")])
    text = StringField("Your card", validators=[DataRequired("Write your idea on the card"),
                                                Length(max=CARD_MAX, message=f"A card must be {CARD_MAX} characters or fewer: one idea each")])
    version = HiddenField()


class RenameForm(FlaskForm):
    """Rename a cluster."""

    name = StringField("Cluster name", validators=[DataRequired("Enter a name for the cluster"),
                                                   Length(max=CLUSTER_NAME_MAX, message=f"A cluster name must be {CLUSTER_NAME_MAX} characters or fewer")])
    version = HiddenField()


class ClusterForm(RenameForm):
    """Name a new cluster of advantages or challenges."""

    side = RadioField("Advantages or challenges", choices=[SelectChoice(k, v) for k, v in SIDES.items()],
                      validators=[InputRequired("Choose advantages or challenges")])


class MoveForm(FlaskForm):
    """Move a card to a cluster (a select and a button: works with the keyboard alone, without JavaScript)."""

    cluster = SelectField("Move to", coerce=str, validators=[Optional()])


class MergeForm(FlaskForm):
    """Merge a cluster into another of the same side."""

    into = SelectField("Merge into", coerce=str, validators=[DataRequired("Choose the cluster to merge into")])


class ClosingForm(FlaskForm):
    """What happens next, and when the exercise will be reviewed."""

    next_steps = TextAreaField("What happens next", validators=[DataRequired("Say what happens next"), Length(max=5000)])
    review_on = DateField("Review date", validators=[InputRequired("Enter the review date")],
                          invalid_message="Enter a real review date, for example 3 3 2027")
    version = HiddenField()

    def validate_review_on(self, field):
        _future("Review date")(self, field)


class ActionNowForm(FlaskForm):
    """The one action now for a challenge cluster: it joins the actions tracker."""

    what = TextAreaField("Action now", validators=[DataRequired("Describe the action"), Length(max=500)])
    owner = SelectField("Owner", coerce=str, validators=[DataRequired("Choose who owns this action")])
    due_on = DateField("Due date", validators=[InputRequired("Enter the due date")],
                       invalid_message="Enter a real due date, for example 30 4 2027")

    def validate_due_on(self, field):
        _future("Due date")(self, field)


class LinkForm(FlaskForm):
    """Take the items of an earlier exercise as this one's starting list."""

    source = SelectField("Exercise", coerce=str, validators=[DataRequired("Choose an exercise")])


class PublishForm(FlaskForm):
    """Publish, with the audience confirmed."""

    visibility = RadioField("Who can read the record", choices=[SelectChoice(k, v) for k, v in AUDIENCES.items()],
                            validators=[InputRequired("Choose who can read the record")])


def _wtf_field(spec: Field, starting_choices):
    """The WTForms field for one declared field."""
    need = [DataRequired(f"Enter {spec.label.lower()}")] if spec.required else [Optional()]
    limit = Length(max=spec.limit, message=f"{spec.label} must be {spec.limit:,} characters or fewer")
    if spec.kind == "text":
        return StringField(spec.label, validators=need + [limit])
    if spec.kind == "long":
        return TextAreaField(spec.label, validators=need + [limit])
    if spec.kind in ("date", "future_date"):
        checks = [InputRequired(f"Enter {spec.label.lower()}")] if spec.required else [Optional()]
        if spec.kind == "future_date":
            checks.append(_future(spec.label))
        return DateField(spec.label, validators=checks,
                         invalid_message=f"Enter a real date for {spec.label.lower()}, for example 3 3 2027")
    if spec.kind == "choice":
        choices = [SelectChoice(k, v) for k, v in spec.choices.items()]
        if len(choices) <= 4:
            return RadioField(spec.label, choices=choices,
                              validators=[InputRequired(f"Choose {spec.label.lower()}")] if spec.required else [Optional()])
        return SelectField(spec.label, choices=[SelectChoice("", "Choose")] + choices,
                           validators=[DataRequired(f"Choose {spec.label.lower()}")] if spec.required else [Optional()])
    if spec.kind == "percent":
        return IntegerField(spec.label, validators=[Optional(), NumberRange(0, 100, "Enter a share from 0 to 100")])
    if spec.kind == "answers":
        return SelectField(spec.label, coerce=str, choices=[SelectChoice("", "Not from the starting list")] + starting_choices,
                           validators=[Optional()])
    raise ValueError(spec.kind)


def item_form(fields: tuple[Field, ...], starting_choices=(), formdata=None, **data) -> FlaskForm:
    """A form for these fields (a section's, or answering a starting-list item), with the item's version."""
    attrs = {spec.name: _wtf_field(spec, list(starting_choices)) for spec in fields}
    attrs["version"] = HiddenField()
    form_class = type("ItemForm", (FlaskForm,), attrs)
    return form_class(formdata=formdata, data=data) if formdata is not None else form_class(data=data)


def section_form(section: Section, starting_choices=(), **data) -> FlaskForm:
    return item_form(section.fields, starting_choices, **data)
