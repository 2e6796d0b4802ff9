"""Forms: how often a person wants email about their notifications."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from champions.auth.models import EMAIL_FREQUENCIES

FREQUENCY_HINTS = {
    "immediate": "An email for each notification, as it happens.",
    "daily": "One email a day listing what is new, if anything is.",
    "none": "Check your notifications in the Hub instead.",
}


class SettingsForm(FlaskForm):
    """Email frequency: at once, a daily digest, or none."""

    email_frequency = RadioField(
        "How often should we email you about notifications?",
        choices=[SelectChoice(value, label) for value, label in EMAIL_FREQUENCIES.items()],
        validators=[InputRequired(message="Select how often you want email about notifications")],
    )


def kinds_form(kinds_shown, current: dict[str, str], formdata=None):
    """One radio group per kind of notification this person may get, showing their current choice.

    Built per person (the kinds depend on the role); a kind missing from the post keeps its choice.
    """
    from wtforms.validators import Optional

    from champions.notifications.kinds import EMAIL_CHOICES

    class KindsForm(FlaskForm):
        pass

    for item in kinds_shown:
        setattr(KindsForm, f"kind_{item.name}", RadioField(
            item.label, choices=[SelectChoice(value, label) for value, label in EMAIL_CHOICES.items()], default=current[item.name],
            validators=[Optional()]))
    form = KindsForm(formdata=formdata) if formdata is not None else KindsForm()
    form.kind_fields = [(item, form[f"kind_{item.name}"]) for item in kinds_shown]
    return form
