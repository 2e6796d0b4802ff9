"""`flask outbox send`: deliver queued email (implemented by the outbox sender)."""
import click
from flask.cli import AppGroup

outbox_cli = AppGroup("outbox", help="Send queued email.")


@outbox_cli.command("send")
@click.option("--watch", is_flag=True, help="Keep running and send new mail as it is queued.")
def send_command(watch: bool) -> None:
    """Send the email waiting in the outbox."""
    from champions.outbox.sender import run

    run(watch=watch)
