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


OVERRIDE_RESOLUTIONS = {"released": "Released as written", "edited": "Edited, then released",
                        "hidden": "Hidden", "checked": "Checked"}


class GuardOverride(db.Model):
    """A post saved although the personal-data guard found something: held for a champion when it is a
    CHI or NI number, otherwise listed for a champion to look at. Says what kind and where, never the text."""

    id: Mapped[int] = mapped_column(primary_key=True)
    content_type: Mapped[str] = mapped_column(String(20), index=True)  # "question" or "answer"
    object_id: Mapped[int] = mapped_column(index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # "posted" (its notifications wait for the release) or "edited" (they went out before).
    event: Mapped[str] = mapped_column(String(20), default="posted")
    held: Mapped[bool] = mapped_column(default=False, index=True)
    findings: Mapped[str] = mapped_column(String(500), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    resolution: Mapped[str] = mapped_column(String(20), default="")

    author = relationship("User", foreign_keys=[author_id])
    resolved_by = relationship("User", foreign_keys=[resolved_by_id])

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def resolution_label(self) -> str:
        return OVERRIDE_RESOLUTIONS.get(self.resolution, self.resolution)
