"""Forms for reporting a post and for redaction (hiding reuses the questions' HideForm)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from champions.moderation.models import FLAG_REASONS
from champions.questions.forms import MultiCheckboxField, _strip, choices


class RedactForm(FlaskForm):
    """Choose the text to remove from a post and all its earlier versions."""

    findings = MultiCheckboxField("Personal data we found", validate_choice=False, validators=[Optional()])
    text_to_remove = StringField("Other text to remove", validators=[
        Optional(), Length(max=500, message="The text to remove must be 500 characters or fewer")])

    def validate(self, extra_validators=None) -> bool:
        """At least one piece of text must be chosen or typed."""
        if not super().validate(extra_validators):
            return False
        if not (self.findings.data or (self.text_to_remove.data or "").strip()):
            self.text_to_remove.errors.append("Choose the personal data to remove, or type the text to remove")
            return False
        return True


class FlagForm(FlaskForm):
    """Report a post to the champions."""

    reason = RadioField("What is the problem?", choices=choices(FLAG_REASONS),
                        validators=[InputRequired("Choose what the problem is")])
    note = TextAreaField("Tell the champions more", filters=[_strip], validators=[
        Optional(), Length(max=1000, message="The note must be 1,000 characters or fewer")])
