"""The admin page's "Background work" panel."""
from __future__ import annotations

from datetime import datetime, timedelta

from champions.extensions import db
from champions.outbox.models import queue_email
from champions.timeutil import LONDON, utcnow
from champions.worker.jobs import Job, daily
from champions.worker.models import JobRun
from champions.worker.runner import Worker
from tests.worker.clock import FakeClock


def test_admin_sees_no_worker_the_backlog_and_jobs_not_run_yet(app, client, login_as):
    login_as("admin")
    queue_email("someone@example.org", "Waiting", "Hello")
    db.session.commit()
    page = client.get("/admin/").get_data(as_text=True)
    assert "Background work" in page
    assert "Not running: start it with flask worker" in page
    assert "Emails waiting to be sent" in page
    assert "notifications-digest" in page and "Every day at 07:00" in page
    assert "Mondays at 07:30" in page and "Not run yet" in page


def test_admin_sees_a_running_worker_and_each_jobs_last_outcome(app, client, login_as):
    Worker(app, worker_id="server-1").beat()
    db.session.add(JobRun(job="mydata-purge", scheduled_for=datetime(2027, 6, 1, 2, 30, tzinfo=LONDON),
                          started_at=datetime(2027, 6, 1, 2, 30, 1, tzinfo=LONDON), worker_id="server-1",
                          outcome="failed", detail="OperationalError: database is locked"))
    db.session.commit()
    digest = Job("notifications-digest", "champions.notifications.digest:send_digests", daily("07:00"), "Digest.")
    # Its last 07:00 is within a day of now at any time of day (the default window of 12 hours is not:
    # run after 19:00 this test found nothing due).
    worker = Worker(app, jobs=(digest,), clock=FakeClock(utcnow() - timedelta(minutes=1)))
    worker.run(digest, window=timedelta(days=1))
    login_as("admin")
    page = client.get("/admin/").get_data(as_text=True)
    assert "Running (last heard from just now)" in page
    row = page.split("notifications-digest")[1].split("</tr>")[0]
    assert "Done" in row
    row = page.split("mydata-purge")[1].split("</tr>")[0]
    assert "Failed" in row and "OperationalError: database is locked" in row and "1 June 2027" in row


def test_admin_is_told_when_the_worker_has_gone_silent(app, client, login_as):
    Worker(app, worker_id="server-1", clock=lambda: utcnow() - timedelta(hours=1)).beat()
    login_as("admin")
    page = client.get("/admin/").get_data(as_text=True)
    assert "Not heard from since" in page and "email and reminders are not going out" in page


def test_the_panel_is_for_administrators_only(app, client, login_as):
    login_as("champion")
    assert client.get("/admin/").status_code in (403, 404)
