"""A download of a person's data prepared by the background worker (for accounts too large to zip in a request)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from champions.extensions import db
from champions.timeutil import UTCDateTime, utcnow


class DataExport(db.Model):
    """One requested download: queued, preparing, ready (until expires_at), failed or expired (zip dropped)."""

    __tablename__ = "data_export"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # While preparing: when a worker took it (a claim older than STUCK_AFTER goes back to the queue).
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The zip, kept in the database so any app server can hand it out; emptied when the link expires.
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)  # loaded only to hand it out
    size: Mapped[int] = mapped_column(default=0)
