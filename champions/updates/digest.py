"""The weekly digest of new partner updates: `flask updates digest` (run it weekly, e.g. from cron)."""
from __future__ import annotations

from datetime import datetime, timedelta

import click
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from champions import permissions
from champions.extensions import db
from champions.outbox import queue_email
from champions.timeutil import to_local, utcnow
from champions.updates import bp
from champions.updates.models import DigestSubscription, Update


def week_key(moment: datetime) -> str:
    """The ISO week in Europe/London, e.g. '2027-W09'."""
    year, week, _ = to_local(moment).isocalendar()
    return f"{year}-W{week:02d}"


def _body(user, updates: list[Update]) -> str:
    base = current_app.config["SERVER_BASE_URL"].rstrip("/")
    lines = [f"Hello {user.display_name},", "", "New updates from partner organisations this week:", ""]
    for update in updates:
        org = update.organisation.name if update.organisation else ""
        lines += [f"{update.title} ({update.category_label}, {org})", f"{base}/updates/{update.id}", ""]
    lines += ["To stop these emails, untick the weekly summary at:", f"{base}/updates/feed", "",
              current_app.config.get("SITE_NAME", "SDS Champions Hub")]
    return "\n".join(lines)


def send_weekly_digest(now: datetime | None = None) -> int:
    """Queue one email per subscriber with the past 7 days' updates; never twice in the same week."""
    now = now or utcnow()
    week = week_key(now)
    updates = db.session.scalars(select(Update).options(joinedload(Update.organisation)).where(permissions.UPDATE.open_clause(), Update.created_at >= now - timedelta(days=7))
                                 .order_by(Update.pinned.desc(), Update.created_at.desc())).all()
    sent = 0
    subscriptions = db.session.scalars(select(DigestSubscription).options(joinedload(DigestSubscription.user))
                                       .where(DigestSubscription.last_sent_week != week)).all()
    for subscription in subscriptions:
        user = subscription.user
        visible = [u for u in updates if permissions.UPDATE.allows(user, u)]
        if not visible or not user.is_member:
            continue
        queue_email(user.email, f"Partner updates this week: {len(visible)} new", _body(user, visible),
                    about=[f"update:{update.id}" for update in visible])
        subscription.last_sent_week = week
        sent += 1
    db.session.commit()
    return sent


@bp.cli.command("digest")
def digest_command() -> None:
    """Email the weekly summary of new partner updates to everyone who opted in."""
    sent = send_weekly_digest()
    click.echo(f"Queued the weekly digest for {sent} {'person' if sent == 1 else 'people'}.")
