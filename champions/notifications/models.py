"""Notifications: one row per person per event, shown in the app and emailed by preference."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from champions.extensions import db
from champions.timeutil import UTCDateTime, utcnow


class Notification(db.Model):
    """Something a person should know about: a title and a link, never the text of a post."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    kind: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(500))
    # The visibility level of the content it points to, so the list can filter in SQL.
    visibility: Mapped[str] = mapped_column(String(20), default="staff")
    # With the level, the content's access label (permissions.AccessLabel): its owner reads it whatever the level.
    owner_id: Mapped[int | None] = mapped_column()
    # And its group ("workshop:12"): the members of that group read it whatever the level.
    access_group: Mapped[str | None] = mapped_column(String(60))
    # What it is about ("question:5", "meeting:3", "practice_example:7", "update:9"), so that when that
    # content is hidden, withdrawn or narrowed its notifications follow (set_subject_visibility).
    subject: Mapped[str | None] = mapped_column(String(60), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_notification_user_read", "user_id", "read_at"),)

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationSetting(db.Model):
    """A person's email choice for one kind of notification (no row: the default from kinds.py)."""

    __tablename__ = "notification_setting"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    kind: Mapped[str] = mapped_column(String(50))
    email: Mapped[str] = mapped_column(String(20))  # immediate, daily or none

    __table_args__ = (UniqueConstraint("user_id", "kind", name="uq_notification_setting_user_kind"),)
