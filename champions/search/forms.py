"""The synonym form (champions edit SDS synonyms)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, ValidationError

from champions import privacy
from champions.search.synonyms import tidy


class SynonymForm(FlaskForm):
    """Words or phrases that mean the same, separated by commas."""

    terms = StringField("Words that mean the same", validators=[
        DataRequired("Enter at least two words or phrases, separated by commas"),
        Length(max=500, message="Synonyms must be 500 characters or fewer")])

    def validate_terms(self, field) -> None:
        terms = [t for t in tidy(field.data or "").split(", ") if t]
        if len(terms) < 2:
            raise ValidationError("Enter at least two words or phrases, separated by commas, such as PA, personal assistant")
        if any(len(t) > 60 for t in terms):
            raise ValidationError("Each word or phrase must be 60 characters or fewer")
        if privacy.scan(field.data or ""):
            raise ValidationError("Synonyms must not contain personal details such as phone numbers or email addresses")
