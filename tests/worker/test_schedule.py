"""Each job runs on its schedule, in Europe/London time, driven by APScheduler on a fake clock."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from champions.extensions import db
from champions.outbox.models import queue_email
from champions.timeutil import LONDON
from champions.worker.jobs import JOBS, Job, by_name, daily
from champions.worker.models import JobRun
from champions.worker.runner import Worker, last_fire_time
from tests.worker.clock import FakeClock, run_until, ticking, use_clock

# Thursday 25 March 2027; the clocks go forward on Sunday 28 March, so the week crosses into summer time.
START = datetime(2027, 3, 25, 0, 0, tzinfo=LONDON)
EXPECTED = {  # job: (weekday or None for daily, "HH:MM" London)
    "notifications-digest": (None, "07:00"), "induction-reminders": (None, "08:00"),
    "meetings-remind-actions": (None, "08:05"), "workshops-reminders": (None, "08:10"),
    "mydata-purge": (None, "02:30"), "expire-unconfirmed": (None, "03:00"),
    "updates-digest": (0, "07:30"), "purge-sessions": (6, "03:30"),
}


def _runs_by_job():
    db.session.rollback()
    runs = defaultdict(list)
    for run in db.session.scalars(select(JobRun).order_by(JobRun.scheduled_for)):
        runs[run.job].append(run)
    return runs


def test_every_scheduled_job_in_the_table_has_an_expected_time():
    assert {job.name for job in JOBS if not job.every_worker} == set(EXPECTED)


def test_a_week_of_scheduled_jobs_each_runs_once_at_its_london_time_across_the_clock_change(app, monkeypatch):
    clock = FakeClock(START)
    use_clock(monkeypatch, clock)
    worker = Worker(app, jobs=tuple(job for job in JOBS if not job.every_worker), clock=clock)
    scheduler = ticking(worker, heartbeat=False)
    run_until([scheduler], clock, START + timedelta(days=7))
    scheduler.shutdown()

    runs = _runs_by_job()
    for name, (weekday, at) in EXPECTED.items():
        hour, minute = map(int, at.split(":"))
        expected = [START + timedelta(days=d) for d in range(7)]
        expected = [datetime(d.year, d.month, d.day, hour, minute, tzinfo=LONDON) for d in expected
                    if weekday is None or d.weekday() == weekday]
        assert [r.scheduled_for for r in runs[name]] == expected, name
        for run in runs[name]:
            assert run.outcome == "ok", (name, run.detail)
            # It ran when it was due (the fake clock moved straight there), not later.
            assert timedelta(0) <= run.started_at - run.scheduled_for < timedelta(seconds=1), name
    # 07:00 in London is 07:00 UTC in winter and 06:00 UTC in summer.
    digests = [r.scheduled_for.astimezone(LONDON).strftime("%d %H:%M %Z") for r in runs["notifications-digest"]]
    assert digests[0] == "25 07:00 GMT" and digests[-1] == "31 07:00 BST"


def test_the_outbox_and_search_queue_run_every_few_seconds_on_every_tick(app, monkeypatch, tmp_path):
    clock = FakeClock(datetime(2027, 6, 1, 12, 0, tzinfo=LONDON))
    use_clock(monkeypatch, clock)
    app.config.update(MAIL_DIR=str(tmp_path / "mail"), MAIL_SERVER="")
    worker = Worker(app, jobs=(by_name("outbox"), by_name("search")), clock=clock)
    scheduler = ticking(worker, heartbeat=False)
    run_until([scheduler], clock, clock.now + timedelta(seconds=6))
    queue_email("someone@example.org", "Hello", "Queued after the worker started")
    db.session.commit()
    run_until([scheduler], clock, clock.now + timedelta(seconds=6))
    scheduler.shutdown()
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 1
    assert not db.session.scalars(select(JobRun)).all(), "queues leave no run records every few seconds"


def test_a_scheduled_run_missed_while_no_worker_ran_is_made_when_one_starts(app):
    # The worker restarts at 09:15: the 07:00 digest has not been recorded, so it is made now, once.
    clock = FakeClock(datetime(2027, 6, 1, 9, 15, tzinfo=LONDON))
    worker = Worker(app, jobs=(by_name("notifications-digest"),), clock=clock)
    worker.catch_up()
    worker.catch_up()
    runs = _runs_by_job()["notifications-digest"]
    assert [r.scheduled_for for r in runs] == [datetime(2027, 6, 1, 7, 0, tzinfo=LONDON)]


def test_a_failing_job_is_recorded_as_failed_with_its_error(app):
    job = Job("broken", "tests.worker.targets:broken", daily("07:00"), "Always fails.")
    clock = FakeClock(datetime(2027, 6, 1, 7, 0, 1, tzinfo=LONDON))
    assert Worker(app, jobs=(job,), clock=clock).run(job) == "failed"
    run = _runs_by_job()["broken"][0]
    assert run.outcome == "failed" and "RuntimeError: the mail relay is on fire" in run.detail
    assert run.finished_at is not None


@pytest.mark.parametrize("now, expected", [
    (datetime(2027, 6, 1, 6, 59, tzinfo=LONDON), None),  # yesterday's is 24 hours old: that day's worker made it
    (datetime(2027, 6, 1, 18, 59, tzinfo=LONDON), datetime(2027, 6, 1, 7, 0, tzinfo=LONDON)),
    (datetime(2027, 6, 1, 7, 0, tzinfo=LONDON), datetime(2027, 6, 1, 7, 0, tzinfo=LONDON)),
    (datetime(2027, 6, 1, 23, 0, tzinfo=LONDON), None),  # more than 12 hours late: left for tomorrow
])
def test_the_run_a_late_worker_makes_is_the_latest_scheduled_within_twelve_hours(now, expected):
    assert last_fire_time(daily("07:00").trigger, now) == expected


def test_flask_worker_run_makes_one_jobs_latest_run_once(app, runner):
    first = runner.invoke(args=["worker", "--run", "expire-unconfirmed"])
    again = runner.invoke(args=["worker", "--run", "expire-unconfirmed"])
    assert first.exit_code == 0 and "expire-unconfirmed: ok." in first.output
    assert "already run by another worker for this schedule" in again.output
    assert len(_runs_by_job()["expire-unconfirmed"]) == 1


def test_flask_worker_run_names_the_jobs_when_given_an_unknown_one(app, runner):
    result = runner.invoke(args=["worker", "--run", "send-everything"])
    assert result.exit_code != 0 and "No job called 'send-everything'" in result.output
    assert "notifications-digest" in result.output
