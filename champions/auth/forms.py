"""Forms for signing in and managing an account."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length


class SignInForm(FlaskForm):
    """Email and password."""

    email = EmailField("Email address", validators=[DataRequired("Enter your email address"), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired("Enter your password"), Length(max=1000)])
    remember = BooleanField("Keep me signed in on this device for 14 days")
    next = StringField()  # hidden; checked by is_safe_next before use
