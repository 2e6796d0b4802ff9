"""Admin: public contact details (council offices, helplines) that the personal-data guard ignores."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from champions import audit, privacy
from champions.admin import bp
from champions.admin.forms import PublicContactForm
from champions.admin.models import PublicContact
from champions.extensions import db
from champions.timeutil import utcnow


def _page(form: PublicContactForm, status: int = 200):
    contacts = db.session.scalars(select(PublicContact).options(
        selectinload(PublicContact.created_by), selectinload(PublicContact.removed_by))
        .order_by(PublicContact.label, PublicContact.id)).all()
    return render_template("admin/public_contacts.html", form=form,
                           current=[c for c in contacts if c.removed_at is None],
                           removed=[c for c in contacts if c.removed_at is not None]), status


@bp.get("/public-contacts")
def public_contacts():
    """The public phone numbers, email addresses and postcodes the personal-data guard ignores."""
    return _page(PublicContactForm())


@bp.post("/public-contacts")
def add_public_contact():
    """Add a public contact detail, once it reads as one phone number, email address or postcode."""
    form = PublicContactForm()
    valid = form.validate_on_submit()
    if _one_contact(form) and valid:
        contact = PublicContact(value=form.value.data.strip(), label=form.label.data.strip(), created_by_id=current_user.id)
        db.session.add(contact)
        db.session.flush()
        audit.record(current_user, "public_contact.create", contact, summary=f"Added {contact.value} ({contact.label})",
                     after={"value": contact.value, "label": contact.label})
        db.session.commit()
        flash(f"{contact.value} has been added. Posts may now include it without a warning.", "success")
        return redirect(url_for("admin.public_contacts"))
    return _page(form, 400)


def _one_contact(form: PublicContactForm) -> bool:
    value = (form.value.data or "").strip()
    if not value:
        return False
    if not privacy.is_contact_detail(value):
        form.value.errors.append("Enter one phone number, email address or postcode, for example 0131 496 0000")
    elif any(privacy.same_contact(value, c.value) for c in db.session.scalars(
            select(PublicContact).where(PublicContact.removed_at.is_(None)))):
        form.value.errors.append("This is already on the list")
    return not form.value.errors


@bp.post("/public-contacts/<int:contact_id>/remove")
def remove_public_contact(contact_id: int):
    """Take a contact detail off the list (kept, shown as removed); posts with it are warned about again."""
    contact = db.session.get(PublicContact, contact_id) or abort(404)
    if contact.removed_at is None:
        contact.removed_at, contact.removed_by_id = utcnow(), current_user.id
        audit.record(current_user, "public_contact.remove", contact, summary=f"Removed {contact.value} ({contact.label})",
                     before={"value": contact.value, "label": contact.label})
        db.session.commit()
        flash(f"{contact.value} has been removed from the list.", "success")
    return redirect(url_for("admin.public_contacts"))
