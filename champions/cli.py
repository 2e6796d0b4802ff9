"""Command-line tools: create-user, seed-demo (and the commands of other modules: backup, restore, outbox ...)."""
from __future__ import annotations

import importlib
import importlib.util

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from champions.extensions import db

# Each feature that has demo content provides champions.<feature>.demo.seed(); run in this order.
DEMO_MODULES = (
    "champions.auth.demo", "champions.questions.demo", "champions.meetings.demo",
    "champions.induction.demo", "champions.practice.demo", "champions.updates.demo", "champions.resources.demo",
    "champions.workshops.demo", "champions.selfeval.demo", "champions.people.demo",
    "champions.search.demo", "champions.accuracy.demo",
)


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(["practitioner", "champion", "partner", "admin"]), default="practitioner")
@click.option("--name", "display_name", default="", help="Display name (defaults to the part of the email before @).")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@with_appcontext
def create_user_command(email: str, role: str, display_name: str, password: str) -> None:
    """Create an account with the given role; asks for its password."""
    from champions.auth.models import User, normalise_email
    from champions.auth.passwords import password_problem

    email = normalise_email(email)
    if User.by_email(email):
        raise click.ClickException(f"An account for {email} already exists.")
    problem = password_problem(password)
    if problem:
        raise click.ClickException(problem)
    user = User(email=email, display_name=display_name or email.split("@")[0], role=role)
    user.set_password(password)
    from champions.timeutil import utcnow

    user.email_confirmed_at = utcnow()
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {role} {email}.")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Add the demo organisations, accounts and content (safe to run again)."""
    if not current_app.config.get("DEMO") and not current_app.testing:
        raise click.ClickException("seed-demo only runs in demo mode (DEMO=1), never in production.")
    for name in DEMO_MODULES:
        if importlib.util.find_spec(name) is None:
            continue
        importlib.import_module(name).seed()
        db.session.commit()
    click.echo("Demo content is ready.")


def init_app(app: Flask) -> None:
    """Register the commands."""
    from champions.auth.sessions import purge_command
    from champions.backup import backup_command, restore_command
    from champions.auth.unconfirmed import expire_command
    from champions.outbox.cli import outbox_cli

    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(expire_command)
    app.cli.add_command(purge_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
