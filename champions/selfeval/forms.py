"""Forms for starting an evaluation, rating a standard, agreeing it, evidence and improvement actions."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from champions.meetings.forms import ActionForm, MultiCheckboxField
from champions.params import to_int
from champions.permissions import VISIBILITY_LABELS
from champions.selfeval.models import RATINGS, SCOPES

TEXT_MAX = 4000
RATING_MESSAGE = "Choose a rating from 1 (unsatisfactory) to 6 (excellent)"


class RatingField(RadioField):
    """The six-point scale, each point with its word."""

    def __init__(self, label, **kwargs):
        super().__init__(label, coerce=to_int, validators=[InputRequired(RATING_MESSAGE)],
                         choices=[SelectChoice(n, f"{n} {word}") for n, word in RATINGS.items()], **kwargs)
        self.type = "RadioField"  # the form macros draw it as radios in a fieldset, like any RadioField

    def pre_validate(self, form):
        if self.data not in RATINGS:
            raise ValidationError(RATING_MESSAGE)


def _duplicates(values) -> list:
    seen, twice = set(), []
    for value in values or []:
        if value in seen and value not in twice:
            twice.append(value)
        seen.add(value)
    return twice


class EvaluationForm(FlaskForm):
    """Start an evaluation: what it covers, who contributes, who reads it when published."""

    title = StringField("Title", validators=[Optional(), Length(max=200)])
    scope = RadioField("What is being evaluated", choices=[SelectChoice(k, v) for k, v in SCOPES.items()],
                       default="team", validators=[InputRequired("Choose what is being evaluated")])
    teams = MultiCheckboxField("Teams", coerce=to_int)
    standards = MultiCheckboxField("SDS standards it covers", coerce=to_int)
    contributors = MultiCheckboxField("Contributors", coerce=to_int)
    visibility = RadioField("Who can read it once published",
                            choices=[SelectChoice(k, v) for k, v in VISIBILITY_LABELS.items()], default="staff",
                            validators=[InputRequired("Choose who can read it once published")])

    def validate_teams(self, field):
        chosen = field.data or []
        if _duplicates(chosen):
            raise ValidationError("You chose a team twice: choose each team once")
        if self.scope.data == "team" and len(chosen) != 1:
            raise ValidationError("Choose the one team being evaluated")
        if self.scope.data == "teams" and len(chosen) < 2:
            raise ValidationError("Choose at least two teams for a group of teams")
        if self.scope.data == "partnership" and chosen:
            raise ValidationError("Leave the teams unticked for the whole partnership")

    def validate_standards(self, field):
        if not field.data:
            raise ValidationError("Choose at least one standard")
        if _duplicates(field.data):
            raise ValidationError("You chose a standard twice: choose each standard once")

    def validate_contributors(self, field):
        if not field.data:
            raise ValidationError("Choose at least one contributor")
        if _duplicates(field.data):
            raise ValidationError("You chose a contributor twice: choose each person once")


class RatingForm(FlaskForm):
    """One contributor's rating of one standard."""

    rating = RatingField("Your rating")
    looks_like = TextAreaField("What this looks like here",
                               validators=[DataRequired("Say what this looks like here"), Length(max=TEXT_MAX)])


class AgreeForm(FlaskForm):
    """The lead's agreed rating and the reason for it (and, after publishing, why it was corrected)."""

    rating = RatingField("Agreed rating")
    reason = TextAreaField("Reason for the agreed rating",
                           validators=[DataRequired("Give the reason for the agreed rating"), Length(max=TEXT_MAX)])
    strengths = TextAreaField("Strengths", validators=[Optional(), Length(max=TEXT_MAX)])
    improvements = TextAreaField("Areas for improvement", validators=[Optional(), Length(max=TEXT_MAX)])
    correction = TextAreaField("What was corrected and why", validators=[Optional(), Length(max=500)])


class FindingsForm(FlaskForm):
    """Strengths and areas for improvement, which any contributor may write while it is in progress."""

    strengths = TextAreaField("Strengths", validators=[Optional(), Length(max=TEXT_MAX)])
    improvements = TextAreaField("Areas for improvement", validators=[Optional(), Length(max=TEXT_MAX)])


class EvidenceTextForm(FlaskForm):
    """Evidence written out, such as case-file audit findings or feedback from supported people."""

    text = TextAreaField("Evidence in your own words",
                         validators=[DataRequired("Describe the evidence"), Length(max=TEXT_MAX)])


class EvidenceLinkForm(FlaskForm):
    """Link one piece of Hub content found by search."""

    kind = HiddenField(validators=[DataRequired("Choose something to link")])
    object_id = HiddenField(validators=[DataRequired("Choose something to link")])


class ImprovementActionForm(ActionForm):
    """An improvement action: what, owner, by when (an Action in the shared tracker)."""
