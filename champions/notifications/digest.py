"""`flask notifications digest`: one email a day for people who chose a daily digest."""
from __future__ import annotations

from datetime import timedelta

import click
from sqlalchemy import exists, select, update

from champions import permissions
from champions.auth.models import User
from champions.extensions import db
from champions.notifications import bp, kinds, preferences
from champions.notifications.models import Notification
from champions.notifications.service import email_body
from champions.outbox import queue_email
from champions.timeutil import utcnow

WINDOW = timedelta(days=1)


def _pending(user, since):
    return (
        select(Notification)
        .where(Notification.user_id == user.id, Notification.emailed_at.is_(None),
               Notification.created_at >= since,
               permissions.label_clause(Notification.visibility, Notification.owner_id, user,
                                         Notification.access_group))
        .order_by(Notification.created_at, Notification.id)
    )


def send_digests(now=None) -> int:
    """Queue one digest email per daily-digest person with something new; returns how many were queued."""
    now = now or utcnow()
    since = now - WINDOW
    # Anyone with something not yet emailed may want some of it in a digest (the choice is per kind).
    people = db.session.scalars(
        select(User)
        .where(User.is_member,
               exists().where(Notification.user_id == User.id, Notification.emailed_at.is_(None),
                              Notification.created_at >= since))
        .order_by(User.id)
    ).all()
    queued = 0
    for user in people:
        choices = preferences.chosen(user)
        items = [item for item in db.session.scalars(_pending(user, since))
                 if preferences.email_choice(user, item.kind, choices) == "daily"]
        if not items:
            continue
        ids = [item.id for item in items]
        # Conditional update: a second digest run at the same time claims nothing and sends nothing.
        claimed = db.session.execute(
            update(Notification).where(Notification.id.in_(ids), Notification.emailed_at.is_(None))
            .values(emailed_at=now).execution_options(synchronize_session=False)
        ).rowcount
        if claimed != len(ids):
            db.session.rollback()
            continue
        count = len(items)
        subject = f"Your daily summary: {count} new notification{'s' if count != 1 else ''}"
        stop = ("all email from the Hub", preferences.unsubscribe_url(user, kinds.ALL))
        body = email_body(user, items, intro="Here is what is new for you in the last day:", unsubscribe=stop)
        queue_email(user.email, subject, body, about=[item.subject for item in items], unsubscribe_url=stop[1])
        db.session.commit()
        queued += 1
    return queued


@bp.cli.command("digest")
def digest_command() -> None:
    """Email each daily-digest person what is new since yesterday (run once a day)."""
    queued = send_digests()
    click.echo(f"Queued {queued} digest email{'s' if queued != 1 else ''}. Run `flask outbox send` to send them.")
