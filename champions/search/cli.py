"""`flask search rebuild | check | ensure | process`."""
from __future__ import annotations

import time

import click

from champions.search import bp, index, jobs
from champions.timeutil import utcnow


@bp.cli.command("rebuild")
def rebuild_command() -> None:
    """Build a fresh index from the database and swap it in (search keeps working meanwhile)."""
    total = index.count_objects()
    started = time.monotonic()
    begun = utcnow()
    with click.progressbar(length=total, label="Indexing", show_pos=True) as bar:
        count = index.rebuild(progress=bar.update)
    jobs.forget_queued_before(begun)  # what they asked for is in the new index
    seconds = time.monotonic() - started
    click.echo(f"Indexed {count} documents from {total} items in {seconds:.1f} seconds.")


@bp.cli.command("check")
@click.option("--no-repair", is_flag=True, help="Only report differences.")
def check_command(no_repair: bool) -> None:
    """Compare the database with the index and repair any difference."""
    problem = index.layout_problem()
    if problem and problem != "does not exist":
        if no_repair:
            click.echo(f"The search index {problem}. Not rebuilt (--no-repair).")
            return
        _rebuild_because(problem)
        return
    jobs.process_pending()
    report = index.check(repair=not no_repair)
    if report.clean:
        click.echo("The index matches the database: nothing to repair.")
        return
    for label, ids in (("missing from the index", report.missing), ("out of date", report.stale),
                       ("in the index but no longer in the database", report.extra)):
        if ids:
            shown = ", ".join(ids[:20]) + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")
            click.echo(f"{len(ids)} {label}: {shown}")
    click.echo("Repaired." if report.repaired else "Not repaired (--no-repair).")


@bp.cli.command("ensure")
def ensure_command() -> None:
    """Build the index when it is missing, outdated (older layout or schema) or damaged (make run calls this)."""
    problem = index.layout_problem()
    if problem is None:
        click.echo("The search index exists and is up to date.")
        return
    _rebuild_because(problem)


def _rebuild_because(problem: str) -> None:
    click.echo(f"The search index {problem}: rebuilding it.")
    begun = utcnow()
    count = index.rebuild()
    jobs.forget_queued_before(begun)  # what they asked for is in the new index
    click.echo(f"Built the search index: {count} documents.")


@bp.cli.command("process")
@click.option("--watch", is_flag=True, help="Keep running, applying new work as it arrives.")
@click.option("--interval", default=2.0, show_default=True, help="Seconds between checks with --watch.")
def process_command(watch: bool, interval: float) -> None:
    """Apply queued index work (once, or continuously with --watch)."""
    while True:
        applied = jobs.process_pending()
        if applied or not watch:
            click.echo(f"Applied {applied} index jobs; {jobs.pending_count()} waiting.")
        if not watch:
            return
        time.sleep(interval)
