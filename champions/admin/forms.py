"""Admin forms: user search, role, organisations, teams, invitations, audit filter."""
from __future__ import annotations

from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, URL, ValidationError

from champions.auth.forms import optional_int, to_choices
from champions.auth.models import ORGANISATION_KINDS, ROLE_LABELS, Organisation, User
from champions.extensions import db

ROLE_CHOICES = list(ROLE_LABELS.items())
KIND_CHOICES = list(ORGANISATION_KINDS.items())


def organisation_choices(blank: str = "No organisation") -> list:
    """Every active organisation, with its kind, for a select."""
    orgs = db.session.scalars(select(Organisation).where(Organisation.active.is_(True)).order_by(Organisation.name))
    return to_choices([("", blank)] + [(str(o.id), f"{o.name} ({o.kind_label})") for o in orgs])


def check_role_and_organisation(role: str, organisation_id: int | None, field) -> None:
    """Partners belong to a partner organisation; practitioners and champions do not."""
    org = db.session.get(Organisation, organisation_id) if organisation_id else None
    if role == "partner" and (org is None or org.kind != "partner"):
        raise ValidationError("Choose the partner organisation this person works for")
    if role in ("practitioner", "champion") and org is not None and org.kind == "partner":
        raise ValidationError("Staff belong to a council or HSCP, not a partner organisation")


class UserSearchForm(FlaskForm):
    """Find users by name or email, role and status (GET, no CSRF)."""

    class Meta:
        csrf = False

    q = StringField("Name or email", validators=[Optional(), Length(max=200)])
    role = SelectField("Role", choices=to_choices([("", "Any role")] + ROLE_CHOICES), validators=[Optional()])
    status = SelectField("Status", choices=to_choices([
        ("", "Any status"), ("active", "Active"), ("deactivated", "Deactivated"), ("unconfirmed", "Email not confirmed")]), validators=[Optional()])


class RoleForm(FlaskForm):
    """Change a user's role and organisation."""

    role = RadioField("Role", choices=to_choices(ROLE_CHOICES), validators=[DataRequired("Choose a role")])
    organisation = SelectField("Organisation", coerce=optional_int)

    def validate_organisation(self, field):
        check_role_and_organisation(self.role.data, field.data, field)


class OrganisationForm(FlaskForm):
    """Create or edit an organisation."""

    name = StringField("Name", validators=[DataRequired("Enter the organisation's name"),
                                           Length(max=100, message="Name must be 100 characters or fewer")])
    kind = RadioField("Kind of organisation", choices=to_choices(KIND_CHOICES),
                      validators=[DataRequired("Choose the kind of organisation")])
    description = TextAreaField("Description", validators=[
        Optional(), Length(max=4000, message="Description must be 4,000 characters or fewer")])
    contact_email = EmailField("Contact email address", validators=[
        Optional(), Length(max=254), Email("Enter an email address in the correct format, like name@example.org",
                                           check_deliverability=False)])
    contact_phone = StringField("Contact phone number", validators=[
        Optional(), Length(max=50, message="Phone number must be 50 characters or fewer")])
    address = TextAreaField("Postal address", validators=[
        Optional(), Length(max=300, message="Postal address must be 300 characters or fewer")])
    website = StringField("Website", validators=[
        Optional(), Length(max=500), URL(message="Enter a full web address starting with https://")])
    active = BooleanField("Active (people can be added to it)", default=True)

    def __init__(self, *args, organisation_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._organisation_id = organisation_id

    def validate_name(self, field):
        query = select(Organisation.id).where(db.func.lower(Organisation.name) == field.data.strip().lower())
        existing = db.session.scalar(query)
        if existing is not None and existing != self._organisation_id:
            raise ValidationError("There is already an organisation with this name")

    def validate_kind(self, field):
        """Changing the kind must not leave partners in a council, or staff in a partner organisation."""
        if self._organisation_id is None:
            return
        from champions.auth import tokens

        misplaced = ("partner",) if field.data == "council" else ("practitioner", "champion")
        people = db.session.scalar(select(db.func.count(User.id)).where(
            User.organisation_id == self._organisation_id, User.role.in_(misplaced))) or 0
        invited = db.session.scalar(select(db.func.count(tokens.AccountToken.id)).where(
            tokens.AccountToken.purpose == tokens.INVITATION, tokens.status_clause("pending"),
            tokens.AccountToken.organisation_id == self._organisation_id,
            tokens.AccountToken.role.in_(misplaced))) or 0
        total = people + invited
        if total:
            one, many = (("partner", "partners") if field.data == "council"
                         else ("practitioner or champion", "practitioners or champions"))
            who = one if total == 1 else many
            raise ValidationError(f"This organisation has {total} {who} (members or pending invitations) "
                                  f"who cannot belong to {'a council or HSCP' if field.data == 'council' else 'a partner organisation'}. "
                                  "Change their role or organisation first")

    def validate_website(self, field):
        if field.data and not field.data.lower().startswith(("https://", "http://")):
            raise ValidationError("Enter a full web address starting with https://")


class TeamForm(FlaskForm):
    """Add or rename a team."""

    name = StringField("Team name", validators=[DataRequired("Enter the team's name"),
                                                Length(max=100, message="Team name must be 100 characters or fewer")])


class InvitationForm(FlaskForm):
    """Invite someone by email with a role and organisation."""

    email = EmailField("Email address", validators=[
        DataRequired("Enter the email address to invite"), Length(max=254),
        Email("Enter an email address in the correct format, like name@example.org", check_deliverability=False)])
    role = RadioField("Role", choices=to_choices(ROLE_CHOICES), default="partner", validators=[DataRequired("Choose a role")])
    organisation = SelectField("Organisation", coerce=optional_int)

    def validate_organisation(self, field):
        check_role_and_organisation(self.role.data, field.data, field)


class AuditFilterForm(FlaskForm):
    """Filter the audit log by action (GET, no CSRF)."""

    class Meta:
        csrf = False

    action = SelectField("Action", validators=[Optional()])


class PublicContactForm(FlaskForm):
    """Add a public phone number, email address or postcode to the list the personal-data guard ignores."""

    value = StringField("Phone number, email address or postcode", validators=[
        DataRequired("Enter a phone number, email address or postcode"),
        Length(max=254, message="This must be 254 characters or fewer")])
    label = StringField("Whose is it", validators=[
        DataRequired("Say whose contact detail this is, for example Council offices, High Street"),
        Length(max=200, message="This must be 200 characters or fewer")])
