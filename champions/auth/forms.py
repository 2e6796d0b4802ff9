"""Forms for signing in, registering, resetting a password and managing an account."""
from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from champions.auth import oidc
from champions.auth.models import Organisation, Team
from champions.auth.passwords import password_problem
from champions.extensions import db


class AcceptablePassword:
    """Password rules (champions.auth.passwords) as a WTForms validator, used wherever a password is set."""

    def __call__(self, form, field):
        email = getattr(getattr(form, "email", None), "data", None) or getattr(form, "account_email", "")
        problem = password_problem(field.data or "", email=email or "")
        if problem:
            raise ValidationError(problem)


def optional_int(value):
    """Coerce a select value: '' or None means no choice."""
    if value in ("", None, "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def to_choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the SelectChoice objects WTForms wants."""
    return [SelectChoice(value, label) for value, label in pairs]


def team_choices(organisation_id: int | None = None) -> list[SelectChoice]:
    """Teams to pick from: those of one organisation, or of every active council organisation."""
    query = select(Team).join(Team.organisation).order_by(Organisation.name, Team.name)
    if organisation_id is not None:
        query = query.where(Team.organisation_id == organisation_id)
    else:
        query = query.where(Organisation.kind == "council", Organisation.active.is_(True))
    choices = [("", "I am not in a team listed here")]
    for team in db.session.scalars(query):
        label = team.name if organisation_id is not None else f"{team.name} ({team.organisation.name})"
        choices.append((str(team.id), label))
    return to_choices(choices)


def email_field(label: str = "Email address") -> EmailField:
    return EmailField(label, validators=[
        DataRequired("Enter your email address"), Length(max=254, message="Email address must be 254 characters or fewer"),
        Email("Enter an email address in the correct format, like name@example.org", check_deliverability=False)])


def new_password_fields():
    """The new password and its confirmation."""
    password = PasswordField("Password", validators=[
        DataRequired("Enter a password"), Length(max=200, message="Password must be 200 characters or fewer"),
        AcceptablePassword()])
    confirm = PasswordField("Confirm password", validators=[
        DataRequired("Enter the password again"), EqualTo("password", "The passwords do not match")])
    return password, confirm


NAME_MAX = 70  # names show in tables, lists and headings: a longer one is a slip or a paste


def name_field() -> StringField:
    return StringField("Your name", validators=[
        DataRequired("Enter your name"),
        Length(max=NAME_MAX, message=f"Name must be {NAME_MAX} characters or fewer")])


def job_title_field() -> StringField:
    return StringField("Job title", validators=[Length(max=120, message="Job title must be 120 characters or fewer")])


class SignInForm(FlaskForm):
    """Email and password."""

    email = EmailField("Email address", validators=[DataRequired("Enter your email address"), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired("Enter your password"), Length(max=1000)])
    remember = BooleanField("Keep me signed in on this device for 14 days")
    next = StringField()  # hidden; checked by is_safe_next before use


class RegisterForm(FlaskForm):
    """Self-registration for council and HSCP staff."""

    display_name = name_field()
    email = email_field("Work email address")
    job_title = job_title_field()
    team = SelectField("Team", coerce=optional_int, validate_choice=True)
    password, confirm = new_password_fields()

    def validate_email(self, field):
        domain = (field.data or "").rsplit("@", 1)[-1].strip().lower()
        allowed = current_app.config.get("ALLOWED_STAFF_DOMAINS", [])
        if not any(domain == d or domain.endswith("." + d) for d in allowed):
            raise ValidationError("Use your council or HSCP work email address. Partner organisations join "
                                  "by invitation from an administrator.")
        if oidc.sso_only(field.data or ""):
            raise ValidationError(f"You do not need a Hub password: use the \u201c{oidc.label()}\u201d button "
                                  "on the sign-in page")


class ButtonForm(FlaskForm):
    """A single button: the form carries only its CSRF token."""


class EmailOnlyForm(FlaskForm):
    """One email address: to resend a confirmation link or to ask for a password reset."""

    email = email_field()


class NewPasswordForm(FlaskForm):
    """Choose a new password (from a reset link)."""

    password, confirm = new_password_fields()


class AcceptInvitationForm(FlaskForm):
    """Set up an invited account: name, job title, team and password."""

    display_name = name_field()
    job_title = job_title_field()
    team = SelectField("Team", coerce=optional_int, validate_choice=True)
    password, confirm = new_password_fields()


class ProfileForm(FlaskForm):
    """Edit your own details."""

    display_name = name_field()
    job_title = job_title_field()
    team = SelectField("Team", coerce=optional_int, validate_choice=True)


class ChangePasswordForm(FlaskForm):
    """Change your password: the current one, then the new one twice."""

    current_password = PasswordField("Current password", validators=[
        DataRequired("Enter your current password"), Length(max=1000)])
    password, confirm = new_password_fields()


class SecondFactorForm(FlaskForm):
    """The second step of signing in: a code from the authenticator app, or a recovery code."""

    code = StringField("Code", validators=[DataRequired("Enter the 6-digit code from your authenticator app"),
                                           Length(max=40, message="Enter the 6-digit code from your authenticator app")])
    remember_device = BooleanField("Remember this device for 30 days")


class SetUpAuthenticatorForm(FlaskForm):
    """Confirm a new authenticator app with one code from it."""

    code = StringField("Code from the app", validators=[
        DataRequired("Enter the 6-digit code your authenticator app shows"),
        Length(max=40, message="Enter the 6-digit code your authenticator app shows")])


class PasskeyNameForm(FlaskForm):
    """Name (or rename) a passkey, so the person can tell them apart."""

    name = StringField("Name", validators=[DataRequired("Enter a name for the passkey"),
                                           Length(max=60, message="Name must be 60 characters or fewer")])


class ConfirmPasswordForm(FlaskForm):
    """Type your password again before changing how you sign in."""

    password = PasswordField("Password", validators=[DataRequired("Enter your password"), Length(max=1000)])
