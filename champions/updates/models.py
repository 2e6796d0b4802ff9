"""Partner updates, personal feed tokens and weekly digest subscriptions (versions are in champions.revisions)."""
from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from champions.extensions import db
from champions.revisions.models import versions_of
from champions.timeutil import UTCDateTime, utcnow

CATEGORIES = {
    "service_news": "Service news",
    "events": "Events",
    "training": "Training",
    "funding": "Funding and finance",
    "carers": "Carers' support",
}


class Update(db.Model):
    """News from a partner organisation, for staff and partners."""

    __tablename__ = "partner_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(30), default="service_news", index=True)
    event_date: Mapped[date | None] = mapped_column(Date)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    # Updates are always shared with staff and partners; the column keeps the contract with search.
    visibility: Mapped[str] = mapped_column(String(20), default="partners")
    pinned: Mapped[bool] = mapped_column(default=False, index=True)
    hidden: Mapped[bool] = mapped_column(default=False, index=True)
    hidden_reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation = relationship("Organisation")
    author = relationship("User")
    revisions = versions_of("update", "Update")  # its text after each save (champions.revisions)

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.category, self.category)


def hash_token(token: str) -> str:
    """The SHA-256 of a feed token: only the hash is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


class FeedToken(db.Model):
    """A personal, revocable token that lets a feed reader fetch the updates feed."""

    __tablename__ = "feed_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User")

    @classmethod
    def issue(cls, user) -> tuple["FeedToken", str]:
        """A new token for this person; returns the row and the token itself (shown once, never stored)."""
        token = secrets.token_urlsafe(32)
        row = cls(user_id=user.id, token_hash=hash_token(token))
        db.session.add(row)
        return row, token


class DigestSubscription(db.Model):
    """A person who wants the weekly email of new partner updates."""

    __tablename__ = "updates_digest_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sent_week: Mapped[str] = mapped_column(String(10), default="")  # ISO week, e.g. "2027-W09"

    user = relationship("User")
