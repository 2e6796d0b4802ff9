"""`flask worker`: run all background work until stopped (SIGTERM or Ctrl-C)."""
from __future__ import annotations

import logging
from datetime import timedelta

import click
from flask import current_app

from champions.worker import bp


@bp.cli.command("worker")
@click.option("--run", "run_job", default="", metavar="NAME",
              help="Run one scheduled job now (as its latest scheduled run) and exit.")
def worker_command(run_job: str) -> None:
    """Send email, update the search index and run every daily and weekly job, on schedule (Europe/London)."""
    from champions.worker.jobs import JOBS, by_name
    from champions.worker.runner import Worker

    app = current_app._get_current_object()
    worker = Worker(app)
    if run_job:
        try:
            job = by_name(run_job)
        except KeyError:
            raise click.ClickException(f"No job called {run_job!r}: {', '.join(j.name for j in JOBS)}.") from None
        # Asked for by hand: its latest scheduled run of the past week (a weekly job's too), however late.
        outcome = worker.run(job, window=timedelta(days=8))
        click.echo(f"{job.name}: {outcome or 'already run by another worker for this schedule'}.")
        return
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    click.echo(f"Worker {worker.id} running {len(JOBS)} jobs (times in Europe/London). Stop with Ctrl-C or SIGTERM.")
    worker.serve()
    click.echo("Worker stopped.")
