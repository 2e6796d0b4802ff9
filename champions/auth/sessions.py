"""Server-side sessions: every signed-in browser is a UserSession row that sign-out, "sign out on every
device", a password change or a timeout ends, so a copied session or remember-me cookie stops working too.

The cookie (session or remember-me, both signed by Flask) carries a random token; the database keeps only
its SHA-256 hash, so a copy of the database cannot be turned into a working cookie.
"""
from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app, g
from flask.cli import with_appcontext
from flask_login import login_user
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm.attributes import set_committed_value

from champions.auth.models import User, UserSession, _hash, start
from champions.database import commit_keeping_loaded
from champions.extensions import db
from champions.timeutil import utcnow

# Writing last_seen_at on every request would make every page view a database write.
TOUCH_EVERY = timedelta(minutes=1)


def idle_limit(remember: bool) -> timedelta:
    """How long a session may go unused: SESSION_IDLE_HOURS, or the remember-me duration when remembered."""
    if remember:
        return timedelta(seconds=current_app.config.get("REMEMBER_COOKIE_DURATION", 14 * 24 * 3600))
    return timedelta(hours=current_app.config.get("SESSION_IDLE_HOURS", 8))


def absolute_limit() -> timedelta:
    """How long any session lasts after sign-in, however busy: SESSION_ABSOLUTE_DAYS."""
    return timedelta(days=current_app.config.get("SESSION_ABSOLUTE_DAYS", 30))


def sign_in(user: User, remember: bool = False) -> None:
    """Start a session and sign this browser in with it."""
    start(user, remember)
    login_user(user, remember=remember)


def _ended_reason(record: UserSession, now) -> str:
    if record.ended_at is not None:
        return record.ended_reason or "ended"
    if now - record.created_at > absolute_limit():
        return "expired"
    if now - record.last_seen_at > idle_limit(record.remember):
        return "idle"
    return ""


# Every page runs this statement: built once, so that SQLAlchemy neither builds it nor works out its cache key again.
_SESSION_AND_USER = (select(UserSession, User).join(User, UserSession.user_id == User.id)
                     .where(UserSession.token_hash == bindparam("token_hash")))


def load(raw: str) -> User | None:
    """The active user behind a session token, or None when the session ended, timed out or is unknown."""
    if not raw or len(raw) > 100:
        return None
    row = db.session.execute(_SESSION_AND_USER, {"token_hash": _hash(raw)}).first()
    if row is None:
        return None
    record, user = row
    now = utcnow()
    reason = _ended_reason(record, now)
    if reason and record.ended_at is None:
        _end(record.id, reason, now)
    if reason or not user.active:
        return None
    if now - record.last_seen_at >= TOUCH_EVERY:
        db.session.execute(update(UserSession).where(UserSession.id == record.id).values(last_seen_at=now)
                           .execution_options(synchronize_session=False))
        # The user is loaded before the view runs (see security.py): nothing else is pending. Keep the two rows
        # just read as they are (they are current), rather than expire them and read them again.
        commit_keeping_loaded()
        set_committed_value(record, "last_seen_at", now)
    g.hub_session_id = record.id
    user._session_token, user._session_record = raw, record
    return user


def _end(session_id: int, reason: str, now) -> None:
    db.session.execute(update(UserSession).where(UserSession.id == session_id, UserSession.ended_at.is_(None))
                       .values(ended_at=now, ended_reason=reason).execution_options(synchronize_session=False))
    db.session.commit()


def current_id_token() -> str:
    """The provider's ID token behind this browser's session (single sign-on), or ''."""
    session_id = g.get("hub_session_id")
    record = db.session.get(UserSession, session_id) if session_id is not None else None
    return record.oidc_id_token if record is not None else ""


def end_current(reason: str = "sign_out") -> None:
    """End this browser's session (sign-out): the cookie, and every copy of it, stops working."""
    session_id = g.pop("hub_session_id", None)
    if session_id is not None:
        _end(session_id, reason, utcnow())


def purge(older_than: timedelta = timedelta(days=90)) -> int:
    """Delete session rows last used long ago (all long ended by then); returns how many."""
    cutoff = utcnow() - max(older_than, absolute_limit())
    result = db.session.execute(UserSession.__table__.delete().where(UserSession.last_seen_at < cutoff))
    return result.rowcount or 0


@click.command("purge-sessions")
@with_appcontext
def purge_command() -> None:
    """Delete the records of sessions last used more than 90 days ago (run weekly)."""
    removed = purge()
    db.session.commit()
    click.echo(f"Deleted {removed} old session record{'s' if removed != 1 else ''}.")
