"""What a person follows and keeps: tags they follow and things they saved for later."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from champions.extensions import db
from champions.timeutil import UTCDateTime, utcnow


class TagFollow(db.Model):
    """A person following a tag: told about each new question in it."""

    __tablename__ = "tag_follow"
    __table_args__ = (UniqueConstraint("user_id", "tag_id", name="uq_tag_follow_user_tag"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    tag = relationship("Tag")


class Bookmark(db.Model):
    """Something a person saved to come back to ("question", 5): listed only while they may still see it."""

    __table_args__ = (UniqueConstraint("user_id", "content_type", "object_id", name="uq_bookmark_user_content"),
                      Index("ix_bookmark_content", "content_type", "object_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    content_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
