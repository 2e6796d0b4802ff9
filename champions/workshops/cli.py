"""`flask workshops reminders` (run daily): tell people when an exercise's review date has come."""
from __future__ import annotations

import click

from champions.extensions import db
from champions.workshops import bp, service

bp.cli.short_help = "Workshops: review-date reminders."


@bp.cli.command("reminders")
def reminders_command() -> None:
    """Notify the facilitator and participants of each exercise whose review date is today or past (once)."""
    count = service.remind_reviews()
    db.session.commit()
    click.echo(f"Review reminders sent for {count} workshop{'s' if count != 1 else ''}.")
