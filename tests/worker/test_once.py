"""Several workers on one database: each scheduled run happens once; the queues are shared safely."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlalchemy import func, select

from champions.extensions import db
from champions.notifications.models import Notification
from champions.outbox.models import OutboxMessage
from champions.timeutil import LONDON, utcnow
from champions.worker.jobs import JOBS, Job, by_name, daily
from champions.worker.models import JobRun
from champions.worker.runner import Worker
from tests import factories
from tests.factories_notifications import notification
from tests.worker.clock import FakeClock, run_until, ticking, use_clock


def _emails_to(address: str) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.to_address == address))


def test_two_schedulers_on_one_database_run_each_daily_job_once_and_send_one_digest(app, monkeypatch):
    person = factories.user("practitioner", email="daily.reader@example.org", email_frequency="daily")
    notification(person, title="New answer to: Paying a relative", ago=timedelta(hours=3))
    db.session.commit()
    start = utcnow().astimezone(LONDON).replace(hour=6, minute=55, second=0, microsecond=0) + timedelta(days=1)
    clock = FakeClock(start)
    use_clock(monkeypatch, clock)
    scheduled = tuple(job for job in JOBS if not job.every_worker)
    first, second = (Worker(app, jobs=scheduled, clock=clock, worker_id=name) for name in ("web-1", "web-2"))
    schedulers = [ticking(first, heartbeat=False), ticking(second, heartbeat=False)]
    run_until(schedulers, clock, start + timedelta(hours=2))
    for scheduler in schedulers:
        scheduler.shutdown()

    db.session.rollback()
    per_job = dict(db.session.execute(select(JobRun.job, func.count(JobRun.id)).group_by(JobRun.job)).all())
    assert per_job == {"notifications-digest": 1, "induction-reminders": 1, "meetings-remind-actions": 1,
                       "workshops-reminders": 1}
    assert _emails_to("daily.reader@example.org") == 1
    assert db.session.scalar(select(Notification.emailed_at)) is not None


def test_two_workers_starting_the_same_run_at_the_same_moment_do_it_once(app):
    job = Job("slow", "tests.worker.targets:slow_email", daily("07:00"), "Queues one email, slowly.")
    clock = FakeClock(datetime(2027, 6, 1, 7, 0, 0, 200000, tzinfo=LONDON))
    workers = [Worker(app, jobs=(job,), clock=clock, worker_id=f"server-{n}") for n in (1, 2)]
    start = threading.Barrier(2)
    outcomes: list = []

    def go(worker):
        start.wait()
        outcomes.append(worker.run(job))

    threads = [threading.Thread(target=go, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes, key=str) == [None, "ok"]
    assert _emails_to("ran@example.org") == 1
    runs = db.session.scalars(select(JobRun)).all()
    assert len(runs) == 1 and runs[0].outcome == "ok" and runs[0].worker_id in ("server-1", "server-2")


def test_two_workers_share_the_outbox_and_each_email_goes_once(app, tmp_path):
    from champions.outbox.models import queue_email

    app.config.update(MAIL_SERVER="", MAIL_DIR=str(tmp_path / "mail"))
    for n in range(30):
        queue_email(f"person{n}@example.org", f"Message {n}", "Hello")
    db.session.commit()
    outbox = by_name("outbox")
    workers = [Worker(app, jobs=(outbox,), worker_id=f"server-{n}") for n in (1, 2)]
    start = threading.Barrier(2)

    def go(worker):
        start.wait()
        worker.run(outbox)

    threads = [threading.Thread(target=go, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    files = sorted(path.name.split("outbox-")[1] for path in (tmp_path / "mail").glob("*.eml"))
    assert len(files) == 30 and len(set(files)) == 30
    db.session.rollback()
    assert set(db.session.scalars(select(OutboxMessage.status))) == {"sent"}
