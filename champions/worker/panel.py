"""The admin page's "Background work" panel: the worker's heartbeat, the backlogs and each job's last run."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from champions.extensions import db
from champions.worker import WorkerStatus, status, worker_state
from champions.worker.jobs import JOBS, Job
from champions.worker.models import JobRun


@dataclass(frozen=True)
class JobLine:
    """One row of the panel's table."""

    job: Job
    last_run: JobRun | None


@dataclass(frozen=True)
class BackgroundWork:
    """Everything the panel shows (two queries)."""

    status: WorkerStatus
    state: str
    jobs: list[JobLine]


def background_work() -> BackgroundWork:
    """The worker's state and each job's latest recorded run."""
    now = status()
    latest = select(func.max(JobRun.id)).group_by(JobRun.job).scalar_subquery()
    runs = {run.job: run for run in db.session.scalars(select(JobRun).where(JobRun.id.in_(latest)))}
    return BackgroundWork(now, worker_state(now.last_beat), [JobLine(job, runs.get(job.name)) for job in JOBS])
