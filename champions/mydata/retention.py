"""Retention: old notifications and the bodies of sent email are purged by the background work.

Periods come from the environment (NOTIFICATION_RETENTION_MONTHS, SENT_EMAIL_RETENTION_DAYS) and are
listed on the privacy notice page. The counts of what colleagues searched for (champions.search.unfound,
the words only) are kept twelve months.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, update

from champions.extensions import db
from champions.notifications.models import Notification
from champions.outbox.models import OutboxMessage
from champions.timeutil import utcnow


def periods() -> list[tuple[str, str]]:
    """What is kept how long, in words, for the privacy notice."""
    months = current_app.config["NOTIFICATION_RETENTION_MONTHS"]
    days = current_app.config["SENT_EMAIL_RETENTION_DAYS"]
    return [("Notifications", f"{months} months"), ("The text of emails the Hub has sent", f"{days} days"),
            ("The words searched for, counted per month (never who searched)", "12 months")]


def purge() -> dict[str, int]:
    """Delete notifications past their period, empty the bodies of old sent email and delete search counts
    older than twelve months (the caller commits)."""
    from champions.search import unfound

    searches = unfound.forget_old()
    now = utcnow()
    notice_cutoff = now - timedelta(days=round(30.44 * current_app.config["NOTIFICATION_RETENTION_MONTHS"]))
    email_cutoff = now - timedelta(days=current_app.config["SENT_EMAIL_RETENTION_DAYS"])
    notices = db.session.execute(delete(Notification).where(Notification.created_at < notice_cutoff)).rowcount
    emails = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.status == "sent", OutboxMessage.sent_at < email_cutoff,
                                    OutboxMessage.body != "")
        .values(body="").execution_options(synchronize_session=False)).rowcount
    return {"search counts": searches or 0, "notifications": notices or 0, "email bodies": emails or 0}
