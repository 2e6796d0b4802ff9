"""The outbox table and the one function every feature calls to send email."""
from __future__ import annotations

from datetime import datetime

from flask import g, has_app_context
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from champions.extensions import db
from champions.timeutil import UTCDateTime, utcnow


class OutboxMessage(db.Model):
    """An email waiting to be sent (or sent, kept as a record)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # Set for email carrying a secret link: the body is emptied once sent (or given up on) and this stays.
    summary: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)  # queued, sending, sent, failed
    attempts: Mapped[int] = mapped_column(default=0)
    # When queued: when to try next. While 'sending': when a sender claimed it (stale after 10 minutes).
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(String(1000), default="")
    # A signed one-click unsubscribe address for notification email (the List-Unsubscribe header).
    unsubscribe_url: Mapped[str] = mapped_column(String(500), default="")

    about: Mapped[list["OutboxSubject"]] = relationship(cascade="all, delete-orphan")


class OutboxSubject(db.Model):
    """Content an email is about ("question:12"), so removing personal data from it reaches unsent email."""

    __tablename__ = "outbox_subject"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_message.id"), index=True)
    subject: Mapped[str] = mapped_column(String(60), index=True)


def queue_email(to: str, subject: str, body: str, *, summary: str = "", about=(),
                unsubscribe_url: str = "") -> OutboxMessage:
    """Add an email to the outbox in the caller's transaction; it is sent after commit.

    Give a summary when the body holds a secret (a reset, invitation or confirmation link): the body is
    then kept only until the email is sent, so a copy of the database cannot be used to follow the link.
    `about` names the content it quotes ("question:12"), as notifications' `subject` does.
    """
    message = OutboxMessage(to_address=to, subject=subject, body=body, summary=summary,
                            unsubscribe_url=unsubscribe_url,
                            about=[OutboxSubject(subject=name) for name in dict.fromkeys(about) if name])
    db.session.add(message)
    if has_app_context():
        g.outbox_dirty = True  # lets demo mode deliver it at the end of this request
    return message


def forget_secret(message: OutboxMessage) -> None:
    """Once sent or given up on, an email with a secret link keeps only its summary."""
    if message.summary:
        message.body = ""
