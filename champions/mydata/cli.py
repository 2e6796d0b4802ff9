"""`flask mydata purge`: apply the retention periods (run it daily with the other background work)."""
from __future__ import annotations

import click

from champions.extensions import db
from champions.mydata import bp
from champions.mydata.retention import purge

bp.cli.short_help = "People's data: apply the retention periods."


@bp.cli.command("purge")
def purge_command() -> None:
    """Delete old notifications and search counts, and empty the bodies of old sent email."""
    counts = purge()
    db.session.commit()
    click.echo(", ".join(f"{n} {what}" for what, n in counts.items()) + " purged.")
