"""The form for adding a file, and reading an uploaded file into an attachment with its errors on the form."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField
from wtforms.validators import Length, Optional

from champions.attachments import files, service, storage


class AttachForm(FlaskForm):
    """One file, the words that describe it when it is an image, and the personal-data confirmation."""

    file = FileField("File")
    alt_text = StringField("Describe the image for people who cannot see it",
                           validators=[Optional(), Length(max=300, message="The description must be 300 characters or fewer")])
    confirm_no_personal_data = BooleanField(
        "The file is not about an identifiable person (a phone number or postcode in it is an organisation’s)")


def has_file(field) -> bool:
    """Was a file chosen in this field?"""
    return bool(field.data and getattr(field.data, "filename", ""))


def check_into(form, field_name: str = "file", alt_field: str = "alt_text", required: bool = True,
               confirm_field: str = "confirm_no_personal_data") -> service.Checked | None:
    """Check the file in `form[field_name]`; on a problem, put its message on the field and return None."""
    field = form[field_name]
    if not has_file(field):
        if required:
            field.errors = list(field.errors) + ["Choose a file to upload"]
        return None
    confirmed = bool(form[confirm_field].data) if confirm_field in form else False
    try:
        checked = service.check(field.data, confirmed=confirmed)
    except files.Refused as refusal:
        field.errors = list(field.errors) + [str(refusal)]
        return None
    if checked.kind in files.IMAGES and alt_field in form and not (form[alt_field].data or "").strip():
        form[alt_field].errors = list(form[alt_field].errors) + [
            "Describe the image for people who cannot see it (for example, ‘Screenshot of the budget "
            "calculator’s results page’)"]
        return None
    return checked


def save_into(form, checked: service.Checked, parent, uploader, field_name: str = "file",
              alt_field: str = "alt_text"):
    """Save a checked file on `parent`; on a storage failure, the message goes on the field and None is returned."""
    try:
        return service.save(checked, parent, uploader, alt_text=form[alt_field].data if alt_field in form else "")
    except storage.StorageError:
        form[field_name].errors = list(form[field_name].errors) + [
            "The file could not be saved just now. Nothing was saved. Try again in a few minutes."]
        return None
