"""`flask uploads check`: files whose record or bytes are missing."""
from __future__ import annotations

import click
from sqlalchemy import select

from champions.attachments import bp, storage
from champions.attachments.models import Attachment
from champions.extensions import db


def find_problems() -> tuple[list[Attachment], set[str]]:
    """Records whose bytes are missing (not deliberately deleted), and stored bytes that no record names."""
    store = storage.backend()
    stored = store.keys()
    records = db.session.scalars(select(Attachment).order_by(Attachment.id)).all()
    missing = [a for a in records if not a.bytes_deleted and a.storage_key not in stored]
    orphans = stored - {a.storage_key for a in records}
    return missing, orphans


@bp.cli.command("check")
def check_command() -> None:
    """Report files whose bytes are missing and stored files with no record (nothing is changed)."""
    missing, orphans = find_problems()
    for attachment in missing:
        click.echo(f"Missing bytes: attachment {attachment.id} ‘{attachment.filename}’ "
                   f"({attachment.parent_kind} {attachment.parent.id if attachment.parent else '?'})")
    for key in sorted(orphans):
        click.echo(f"No record: stored file {key}")
    if missing or orphans:
        raise click.ClickException(f"{len(missing)} file(s) with missing bytes, {len(orphans)} stored file(s) with no record.")
    click.echo("Every file has its record and its bytes.")
