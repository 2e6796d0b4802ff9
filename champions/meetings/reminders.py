"""Telling people about their actions: when one is assigned to them, and three working days before it is due."""
from __future__ import annotations

from datetime import date

import click
from sqlalchemy import select

from champions.auth.models import User
from champions.extensions import db
from champions.meetings import bp
from champions.meetings.models import Action
from champions.meetings.service import action_audience, today
from champions.notifications.service import notify
from champions.timeutil import format_date, utcnow, working_days_between
from champions.people.names import person_name

DUE_WITHIN = 3  # working days


def _what(action: Action) -> str:
    from champions.moderation.held import title_clear

    return action.what if title_clear(action.what) else "an action"


def assigned(action: Action, actor) -> None:
    """Tell the owner an action was assigned to them (if they may see where it was raised: a meeting, a
    workshop, a self-evaluation)."""
    audience = action_audience(action)
    if audience is None:
        return
    due = f", due {format_date(action.due_on)}" if action.due_on else ""
    notify([action.owner], kind="action_assigned",
           title=f"{person_name(actor)} gave you an action: {_what(action)}{due}",
           url="/meetings/actions?mine=1", visibility=audience[0], actor=actor, subject=audience[1])


def send_due_reminders(day: date | None = None) -> int:
    """Remind each owner once when an open action is due within three working days; returns how many."""
    day = day or today()
    pending = db.session.scalars(
        select(Action).join(User, Action.owner_id == User.id)
        .where(Action.status == "open", Action.due_on.isnot(None), Action.due_on >= day,
               Action.due_reminder_at.is_(None), User.is_member)
        .order_by(Action.due_on, Action.id)).all()
    sent = 0
    for action in pending:
        if working_days_between(day, action.due_on) > DUE_WITHIN:
            continue
        audience = action_audience(action)
        if audience is not None:
            notify([action.owner], kind="action_due",
                   title=f"Your action is due on {format_date(action.due_on)}: {_what(action)}",
                   url="/meetings/actions?mine=1", visibility=audience[0], subject=audience[1])
        action.due_reminder_at = utcnow()
        sent += 1
    return sent


@bp.cli.command("remind-actions")
def remind_actions_command() -> None:
    """Remind owners of actions due within three working days (in-app and email). Run daily."""
    sent = send_due_reminders()
    db.session.commit()
    click.echo(f"Reminded the owners of {sent} action{'s' if sent != 1 else ''}.")
