"""Public contact details: numbers and addresses the personal-data guard knows are not about a person."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from champions.extensions import db
from champions.timeutil import UTCDateTime, utcnow


class PublicContact(db.Model):
    """A public phone number, email address or postcode (a council office, a helpline), kept by admins."""

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[str] = mapped_column(String(254))
    label: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    # Removed softly: the row stays, so the audit log and the list of removed details still read.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    created_by = relationship("User", foreign_keys=[created_by_id])
    removed_by = relationship("User", foreign_keys=[removed_by_id])


def known_contact_values() -> list[str]:
    """Every public contact detail: the admin-kept list and each organisation's email, phone and address."""
    from champions.auth.models import Organisation

    values = list(db.session.scalars(select(PublicContact.value).where(PublicContact.removed_at.is_(None))))
    for email, phone, address in db.session.execute(
            select(Organisation.contact_email, Organisation.contact_phone, Organisation.address)):
        values += [email, phone, address]
    return [value for value in values if value]
