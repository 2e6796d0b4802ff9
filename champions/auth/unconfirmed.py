"""Unconfirmed sign-ups: not members until they confirm, removed after 7 days or by an administrator.

An unconfirmed account has never signed in, so it cannot have written anything: removing its row loses
no one's work. Its own records (links, sessions, notifications, an induction assignment made before it
was a member) go with it; audit events it is named in keep their summaries.
"""
from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import with_appcontext
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from champions import audit
from champions.audit import AuditEvent
from champions.auth.models import User, UserSession
from champions.auth.tokens import AccountToken
from champions.extensions import db
from champions.timeutil import utcnow

EXPIRE_AFTER = timedelta(days=7)


def _own_records():
    """(model, column) pairs for records that belong to an account and mean nothing without it."""
    from champions.induction.models import Assignment
    from champions.mydata.models import DataExport
    from champions.notifications.models import Notification

    return [(AccountToken, AccountToken.user_id), (UserSession, UserSession.user_id),
            (Notification, Notification.user_id), (Assignment, Assignment.user_id),
            (DataExport, DataExport.user_id)]


def remove(user: User, actor=None, action: str = "user.remove_unconfirmed") -> bool:
    """Remove an unconfirmed account and audit it; False (nothing changed) when it is confirmed or still referred to."""
    if user.email_confirmed_at is not None:
        return False
    email, user_id = user.email, user.id
    savepoint = db.session.begin_nested()
    try:
        for model, column in _own_records():
            db.session.execute(delete(model).where(column == user_id).execution_options(synchronize_session=False))
        db.session.execute(update(AuditEvent).where(AuditEvent.actor_id == user_id).values(actor_id=None)
                           .execution_options(synchronize_session=False))
        db.session.delete(user)
        db.session.flush()
    except IntegrityError:
        # Something else points at it (a record made while unconfirmed accounts could be chosen): keep it.
        savepoint.rollback()
        return False
    savepoint.commit()
    summary = ("Removed" if action == "user.remove_unconfirmed" else "Expired") + f" unconfirmed account {email}"
    event = audit.record(actor, action, None, summary=summary, before={"email": email})
    event.target_type, event.target_id = "user", user_id
    return True


def expire(now=None) -> tuple[int, int]:
    """Remove accounts left unconfirmed for 7 days; returns (removed, kept because something refers to them)."""
    cutoff = (now or utcnow()) - EXPIRE_AFTER
    stale = db.session.scalars(select(User).where(User.email_confirmed_at.is_(None), User.created_at < cutoff)
                               .order_by(User.id)).all()
    removed = sum(remove(user, action="user.expire_unconfirmed") for user in stale)
    return removed, len(stale) - removed


@click.command("expire-unconfirmed")
@with_appcontext
def expire_command() -> None:
    """Remove sign-ups whose email address was not confirmed within 7 days (run daily)."""
    removed, kept = expire()
    db.session.commit()
    click.echo(f"Removed {removed} unconfirmed account{'s' if removed != 1 else ''}."
               + (f" Kept {kept} that other records refer to." if kept else ""))
