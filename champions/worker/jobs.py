"""Every piece of background work the Hub does, in one table: what runs, when (Europe/London), and where.

`flask worker` schedules each job below with APScheduler. A job's target is "module:function", called
inside an app context with no arguments (a `stoppable=True` job gets `stop=`, a function that answers
True once the worker has been asked to stop); the worker commits afterwards. The same functions are what the
older one-off commands (`flask notifications digest` ...) call, so both ways do the same thing.

- `every_worker=True`: a shared queue that every running worker works on (each email and each index job is
  claimed, so two workers never do the same one twice).
- otherwise the job runs once per scheduled time across all workers: the first worker to record the run
  in `job_runs` does it (see champions/worker/runner.py).

To add a job: write the function in your feature, add a line here, and a test that the function does its work.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from champions.timeutil import LONDON


@dataclass(frozen=True)
class Schedule:
    """When a job runs: the APScheduler trigger, and the same in words for the admin page."""

    trigger: BaseTrigger
    label: str


_DAYS = {"mon": "Mondays", "tue": "Tuesdays", "wed": "Wednesdays", "thu": "Thursdays", "fri": "Fridays",
         "sat": "Saturdays", "sun": "Sundays"}


def every(seconds: int) -> Schedule:
    """Run every few seconds."""
    label = "Every second" if seconds == 1 else f"Every {seconds} seconds"
    return Schedule(IntervalTrigger(seconds=seconds, timezone=LONDON), label)


def daily(at: str) -> Schedule:
    """Run every day at "HH:MM", Hub time (Europe/London, so 07:00 stays 07:00 in summer)."""
    hour, minute = at.split(":")
    return Schedule(CronTrigger(hour=int(hour), minute=int(minute), timezone=LONDON), f"Every day at {at}")


def weekly(day: str, at: str) -> Schedule:
    """Run once a week on a day ("mon") at "HH:MM", Hub time."""
    hour, minute = at.split(":")
    return Schedule(CronTrigger(day_of_week=day, hour=int(hour), minute=int(minute), timezone=LONDON),
                    f"{_DAYS[day]} at {at}")


@dataclass(frozen=True)
class Job:
    """One entry in the table: a name (also the command-line and admin-page label), what and when."""

    name: str
    target: str
    schedule: Schedule
    description: str
    every_worker: bool = False
    # The outbox passes this to stop between two emails when the worker is asked to stop.
    stoppable: bool = False

    @property
    def trigger(self) -> BaseTrigger:
        """The APScheduler trigger."""
        return self.schedule.trigger


JOBS: tuple[Job, ...] = (
    # Queues: every worker, every few seconds.
    Job("outbox", "champions.outbox.sender:send_due", every(5),
        "Send queued email (retries with backoff).", every_worker=True, stoppable=True),
    # Every second: a new post must be findable by its author within 2 seconds (the web workers leave it
    # to this job when SEARCH_APPLY_IN_WEB is off); with nothing queued a tick is one small query.
    Job("search", "champions.search.jobs:process_pending", every(1),
        "Apply pending search index updates.", every_worker=True),
    Job("mydata-exports", "champions.mydata.exports:prepare_pending", every(30),
        "Prepare large 'Download my data' requests; drop expired ones.", every_worker=True, stoppable=True),
    # Daily, once across all workers.
    Job("notifications-digest", "champions.notifications.digest:send_digests", daily("07:00"),
        "The daily digest email of notifications."),
    Job("induction-reminders", "champions.induction.cli:send_reminders", daily("08:00"),
        "Induction due within a week, and overdue."),
    Job("meetings-remind-actions", "champions.meetings.reminders:send_due_reminders", daily("08:05"),
        "Owners of actions due within three working days."),
    Job("workshops-reminders", "champions.workshops.service:remind_reviews", daily("08:10"),
        "Workshop exercises whose review date has come."),
    Job("mydata-purge", "champions.mydata.retention:purge", daily("02:30"),
        "Apply the retention periods."),
    Job("expire-unconfirmed", "champions.auth.unconfirmed:expire", daily("03:00"),
        "Remove sign-ups not confirmed within 7 days."),
    # Weekly, once across all workers.
    Job("updates-digest", "champions.updates.digest:send_weekly_digest", weekly("mon", "07:30"),
        "The weekly email of new partner updates."),
    Job("purge-sessions", "champions.auth.sessions:purge", weekly("sun", "03:30"),
        "Delete records of sessions last used more than 90 days ago."),
)

# A scheduled run missed while no worker was running (a restart at 07:00) is still made this long afterwards.
CATCH_UP = timedelta(hours=12)
HEARTBEAT_SECONDS = 30


def by_name(name: str) -> Job:
    """The job called `name`; KeyError when there is none."""
    for job in JOBS:
        if job.name == name:
            return job
    raise KeyError(name)
