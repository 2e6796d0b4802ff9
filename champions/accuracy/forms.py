"""The reason an answer is out of date."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length


class OutOfDateForm(FlaskForm):
    """Why the answer is no longer right: readers see this at the top of the answer."""

    reason = TextAreaField("Why is this answer out of date?", validators=[
        InputRequired("Enter why the answer is out of date"),
        Length(max=500, message="The reason must be 500 characters or fewer")])
