"""`flask induction assign` and `flask induction reminders` (run daily)."""
from __future__ import annotations

from datetime import date, timedelta

import click
from sqlalchemy import select

from champions.auth.models import User, normalise_email
from champions.extensions import db
from champions.induction import bp, progress
from champions.induction.models import Assignment
from champions.timeutil import utcnow

bp.cli.short_help = "Induction: assign the core induction and send reminders."


@bp.cli.command("assign")
@click.argument("emails", nargs=-1)
@click.option("--all-staff", is_flag=True, help="Every active staff account that has no assignment yet.")
@click.option("--due", "due", default="", help="Due date YYYY-MM-DD (default: INDUCTION_DUE_DAYS from today).")
def assign_command(emails: tuple[str, ...], all_staff: bool, due: str) -> None:
    """Assign the core induction: to the EMAILS given, to --all-staff, or (by default) to new staff accounts."""
    try:
        due_on = date.fromisoformat(due) if due else None
    except ValueError as exc:
        raise click.BadParameter("use the form YYYY-MM-DD", param_hint="--due") from exc
    query = select(User).where(User.is_member, User.role.in_(progress.STAFF_ROLES))
    if emails:
        query = query.where(User.email.in_([normalise_email(e) for e in emails]))
    elif not all_staff:
        query = query.where(User.created_at >= utcnow() - timedelta(days=progress.due_days()))
    assigned = 0
    for user in db.session.scalars(query):
        if db.session.scalar(select(Assignment.id).where(Assignment.user_id == user.id)) is None:
            # A bulk assignment of an existing account is due from today, not from when they joined.
            fallback = None if not (emails or all_staff) else progress.today() + timedelta(days=progress.due_days())
            progress.assign_core_induction(user, due_on or fallback)
            assigned += 1
    db.session.commit()
    click.echo(f"Assigned the core induction to {assigned} {'person' if assigned == 1 else 'people'}.")


def send_reminders(day: date | None = None) -> tuple[int, int]:
    """Remind people a week before their due date and once overdue (each once); returns (due soon, overdue)."""
    from champions.notifications.service import notify

    day = day or progress.today()
    soon = late = 0
    pending = db.session.scalars(select(Assignment).join(User, Assignment.user_id == User.id).where(
        Assignment.completed_at.is_(None), User.is_member)).all()
    for assignment in pending:
        user = assignment.user
        view = progress.overview(user)
        if view.all_complete:
            assignment.completed_at = utcnow()
            continue
        left = f"{view.completed} of {view.total} modules completed"
        if assignment.due_on < day and assignment.overdue_reminder_at is None:
            notify([user], kind="induction_overdue", url="/induction/", visibility="staff",
                   title=f"Your induction was due on {assignment.due_on.day} {assignment.due_on:%B %Y}: {left}")
            assignment.overdue_reminder_at = utcnow()
            late += 1
        elif day <= assignment.due_on <= day + timedelta(days=7) and assignment.due_soon_reminder_at is None:
            notify([user], kind="induction_due_soon", url="/induction/", visibility="staff",
                   title=f"Your induction is due on {assignment.due_on.day} {assignment.due_on:%B %Y}: {left}")
            assignment.due_soon_reminder_at = utcnow()
            soon += 1
    return soon, late


@bp.cli.command("reminders")
def reminders_command() -> None:
    """Send induction reminders (in-app and email): a week before the due date, and when overdue. Run daily."""
    soon, late = send_reminders()
    db.session.commit()
    click.echo(f"Sent {soon} due-soon and {late} overdue induction reminders.")
