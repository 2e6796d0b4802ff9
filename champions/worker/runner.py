"""`flask worker`: one process that runs every job in champions/worker/jobs.py on its schedule.

APScheduler's BackgroundScheduler fires the jobs in a small thread pool; the main thread only waits for
SIGTERM or SIGINT. On either, the outbox stops after the email it is sending, running jobs finish, and
the process exits 0. A SIGKILL loses nothing: an email being sent stays claimed ("sending") and goes back
to the queue when its claim is ten minutes old; a scheduled run cut short stays "running" in job_runs and
the next scheduled run does the work it left (every job sends only what it has not sent yet).
"""
from __future__ import annotations

import importlib
import logging
import os
import secrets
import signal
import socket
import threading
from datetime import datetime, timedelta
from typing import Callable

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from flask import Flask
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from champions.extensions import db
from champions.timeutil import LONDON, utcnow
from champions.worker.jobs import CATCH_UP, HEARTBEAT_SECONDS, JOBS, Job, every
from champions.worker.models import JobRun, WorkerHeartbeat

log = logging.getLogger("champions.worker")
THREADS = 4
FORGET_WORKERS_AFTER = timedelta(days=7)


def last_fire_time(trigger: BaseTrigger, now: datetime, window: timedelta = CATCH_UP) -> datetime | None:
    """The latest time at or before `now` (within `window`) the trigger fires; None when it did not."""
    last, moment = None, trigger.get_next_fire_time(None, now - window)
    while moment is not None and moment <= now:
        last = moment
        moment = trigger.get_next_fire_time(moment, moment + timedelta(microseconds=1))
    return last


def describe(result) -> str:
    """A short line for the admin page from whatever a job function returned."""
    if isinstance(result, dict):
        return ", ".join(f"{what}: {count}" for what, count in result.items())
    if isinstance(result, tuple):
        return ", ".join(str(part) for part in result)
    return "" if result is None else str(result)


def _call(target: str, **kwargs):
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)(**kwargs)


class Worker:
    """One worker process: its id, its clock, and what it does at each tick of the scheduler."""

    def __init__(self, app: Flask, *, jobs: tuple[Job, ...] = JOBS, clock: Callable[[], datetime] = utcnow,
                 worker_id: str | None = None):
        self.app, self.jobs, self.clock = app, jobs, clock
        self.host, self.pid = socket.gethostname(), os.getpid()
        self.id = worker_id or f"{self.host}:{self.pid}:{secrets.token_hex(3)}"[:120]
        self.started_at = clock()
        self.stopping = threading.Event()

    # --- one job ---------------------------------------------------------------------------
    def run(self, job: Job, window: timedelta = CATCH_UP) -> str | None:
        """Run the job now (queues) or its latest scheduled time (within `window`) if no worker has; returns
        the outcome or None."""
        with self.app.app_context():
            try:
                if job.every_worker:
                    return self._run_queue(job)
                return self._run_once(job, window)
            finally:
                db.session.remove()

    def _kwargs(self, job: Job) -> dict:
        return {"stop": self.stopping.is_set} if job.stoppable else {}

    def _run_queue(self, job: Job) -> str:
        try:
            _call(job.target, **self._kwargs(job))
            db.session.commit()
            return "ok"
        except Exception:  # noqa: BLE001 - the queue keeps its work; the next tick tries again
            db.session.rollback()
            log.exception("worker: job %s failed; its work stays queued", job.name)
            return "failed"

    def _claim(self, job: Job, scheduled_for: datetime) -> int | None:
        run = JobRun(job=job.name, scheduled_for=scheduled_for, worker_id=self.id, started_at=self.clock())
        db.session.add(run)
        try:
            db.session.commit()
        except IntegrityError:  # another worker recorded this run first: it is theirs
            db.session.rollback()
            return None
        return run.id

    def _run_once(self, job: Job, window: timedelta = CATCH_UP) -> str | None:
        scheduled_for = last_fire_time(job.trigger, self.clock(), window)
        if scheduled_for is None:
            return None
        run_id = self._claim(job, scheduled_for)
        if run_id is None:
            return None
        try:
            detail, outcome = describe(_call(job.target, **self._kwargs(job))), "ok"
            db.session.commit()
        except Exception as error:  # noqa: BLE001 - recorded for the admin page, and logged
            db.session.rollback()
            detail, outcome = f"{type(error).__name__}: {error}", "failed"
            log.exception("worker: job %s failed", job.name)
        db.session.execute(update(JobRun).where(JobRun.id == run_id)
                           .values(outcome=outcome, detail=detail[:1000], finished_at=self.clock()))
        db.session.commit()
        log.info("worker: %s (%s) %s %s", job.name, scheduled_for.isoformat(), outcome, detail)
        return outcome

    # --- heartbeat ---------------------------------------------------------------------------
    def beat(self) -> None:
        """Record that this worker is alive (and forget workers silent for a week)."""
        with self.app.app_context():
            try:
                now = self.clock()
                row = db.session.get(WorkerHeartbeat, self.id)
                if row is None:
                    db.session.add(WorkerHeartbeat(worker_id=self.id, host=self.host[:255], pid=self.pid,
                                                   started_at=self.started_at, last_beat_at=now))
                else:
                    row.last_beat_at = now
                db.session.execute(delete(WorkerHeartbeat).where(
                    WorkerHeartbeat.last_beat_at < now - FORGET_WORKERS_AFTER))
                db.session.commit()
            except Exception:  # noqa: BLE001 - a database blip must not stop the worker
                db.session.rollback()
                log.exception("worker: could not record the heartbeat")
            finally:
                db.session.remove()

    def catch_up(self) -> None:
        """Make each scheduled run missed in the last CATCH_UP hours that no worker has recorded."""
        with self.app.app_context():
            now = self.clock()
            missed = []
            for job in self.jobs:
                when = None if job.every_worker else last_fire_time(job.trigger, now)
                if when is not None and db.session.scalar(
                        select(JobRun.id).where(JobRun.job == job.name, JobRun.scheduled_for == when)) is None:
                    missed.append(job)
            db.session.remove()
        for job in missed:
            if not self.stopping.is_set():
                self.run(job)

    # --- the scheduler ------------------------------------------------------------------------
    def scheduler(self, scheduler_class=BackgroundScheduler, **options):
        """An APScheduler scheduler with every job (and the heartbeat) added, not yet started."""
        options.setdefault("executors", {"default": {"type": "threadpool", "max_workers": THREADS}})
        scheduler = scheduler_class(timezone=LONDON, **options)
        defaults = {"coalesce": True, "max_instances": 1}
        for job in self.jobs:
            grace = 30 if job.every_worker else int(CATCH_UP.total_seconds())
            scheduler.add_job(self.run, job.trigger, args=[job], id=job.name, name=job.name,
                              misfire_grace_time=grace, **defaults)
        scheduler.add_job(self.beat, every(HEARTBEAT_SECONDS).trigger, id="heartbeat", name="heartbeat",
                          misfire_grace_time=HEARTBEAT_SECONDS, **defaults)
        return scheduler

    def serve(self) -> None:
        """Run until SIGTERM or SIGINT, then let the running jobs finish and return."""
        def _stop(signum, _frame):
            self.stopping.set()  # first: the outbox checks it before each email
            log.info("worker: %s received, stopping after the work in hand", signal.Signals(signum).name)

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        self.beat()
        scheduler = self.scheduler()
        scheduler.start()
        self.catch_up()
        while not self.stopping.wait(1):
            pass
        scheduler.shutdown(wait=True)  # the outbox stops between two emails; other jobs finish
        self.beat()
