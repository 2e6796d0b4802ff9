"""The last check of a piece of content by a champion, and whether it was marked out of date.

One row per checked item (an answer today; resources can use the same table), written by champions from
the review queue. It imports no feature, so the pages that show content can read it.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from champions.extensions import db
from champions.timeutil import UTCDateTime, utcnow


class ContentCheck(db.Model):
    """When a champion last checked this content, and the out-of-date warning readers see, if any."""

    __table_args__ = (UniqueConstraint("content_type", "object_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    content_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column(index=True)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    out_of_date: Mapped[bool] = mapped_column(default=False, index=True)
    out_of_date_reason: Mapped[str] = mapped_column(String(500), default="")
    out_of_date_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    out_of_date_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    checked_by = relationship("User", foreign_keys=[checked_by_id])
    out_of_date_by = relationship("User", foreign_keys=[out_of_date_by_id])

    def confirm(self, champion) -> None:
        """Checked and still right: a new checked date, and any out-of-date warning lifted."""
        self.checked_at, self.checked_by_id = utcnow(), champion.id
        self.out_of_date, self.out_of_date_reason = False, ""
        self.out_of_date_at = self.out_of_date_by_id = None

    def mark_out_of_date(self, champion, reason: str) -> None:
        """No longer right: readers see the reason at the top of the content."""
        self.out_of_date, self.out_of_date_reason = True, reason
        self.out_of_date_at, self.out_of_date_by_id = utcnow(), champion.id


def for_objects(content_type: str, ids) -> dict[int, ContentCheck]:
    """The checks of these items by id (one query; items never checked are missing)."""
    ids = list(ids)
    if not ids:
        return {}
    rows = db.session.scalars(select(ContentCheck).where(
        ContentCheck.content_type == content_type, ContentCheck.object_id.in_(ids)))
    return {row.object_id: row for row in rows}


def get_or_new(content_type: str, object_id: int) -> ContentCheck:
    """The item's check row, added to the session when it has none yet."""
    row = db.session.scalar(select(ContentCheck).where(
        ContentCheck.content_type == content_type, ContentCheck.object_id == object_id))
    if row is None:
        row = ContentCheck(content_type=content_type, object_id=object_id)
        db.session.add(row)
    return row
