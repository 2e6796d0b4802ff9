"""Flags: anyone signed in reports a post; champions work through them in the queue."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from champions.extensions import db
from champions.timeutil import UTCDateTime, utcnow

FLAG_REASONS = {
    "personal_data": "Personal data about a person who uses services",
    "inaccurate": "Inaccurate or out of date",
    "inappropriate": "Inappropriate",
    "other": "Something else",
}
RESOLUTIONS = {"hidden": "Hidden", "edited": "Edited", "dismissed": "Dismissed", "redacted": "Redacted"}


class Flag(db.Model):
    """A report about a post (content_type 'question' or 'answer', and its id)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    content_type: Mapped[str] = mapped_column(String(20), index=True)
    object_id: Mapped[int] = mapped_column(index=True)
    reason: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(String(1000), default="")
    reporter_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    resolution: Mapped[str] = mapped_column(String(20), default="")

    reporter = relationship("User", foreign_keys=[reporter_id])
    resolved_by = relationship("User", foreign_keys=[resolved_by_id])

    @property
    def reason_label(self) -> str:
        return FLAG_REASONS.get(self.reason, self.reason)

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
