"""/healthz and champions.worker.status(): the worker's heartbeat and the backlogs."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from champions.extensions import db
from champions.outbox.models import queue_email
from champions.search.models import SearchJob
from champions.timeutil import utcnow
from champions.worker import status
from champions.worker.models import WorkerHeartbeat
from champions.worker.runner import Worker


def _beat(app, ago: timedelta) -> None:
    Worker(app, clock=lambda: utcnow() - ago, worker_id="server-1").beat()


def test_status_reports_last_beat_and_both_backlogs(app):
    assert status().last_beat is None
    _beat(app, timedelta(seconds=20))
    queue_email("a@example.org", "One", "Waiting")
    queue_email("b@example.org", "Two", "Waiting")
    db.session.add(SearchJob(kind="question", object_id=1))
    db.session.commit()
    now = status()
    assert (now.outbox_backlog, now.search_backlog) == (2, 1)
    assert timedelta(seconds=15) < utcnow() - now.last_beat < timedelta(seconds=60)


def test_healthz_is_200_while_a_worker_beats_and_503_once_it_has_been_silent_five_minutes(app, client):
    app.config["WORKER_REQUIRED"] = True
    _beat(app, timedelta(minutes=4, seconds=50))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["worker"] == "ok" and response.json["worker_last_beat"]

    db.session.get(WorkerHeartbeat, "server-1").last_beat_at = utcnow() - timedelta(minutes=5, seconds=10)
    db.session.commit()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "error" and response.json["worker"] == "silent"


def test_healthz_follows_worker_silent_after(app, client):
    app.config.update(WORKER_REQUIRED=True, WORKER_SILENT_AFTER=60)
    _beat(app, timedelta(seconds=90))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "error" and response.json["worker"] == "silent"
    assert response.json["worker_last_beat"]  # when it last beat, for whoever is paged
    app.config["WORKER_SILENT_AFTER"] = 120
    assert client.get("/healthz").json["worker"] == "ok"


def test_healthz_is_503_when_a_worker_is_required_and_none_has_ever_run(app, client):
    app.config["WORKER_REQUIRED"] = True
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json["worker"] == "not running"


def test_healthz_without_a_required_worker_stays_200_and_says_it_is_silent(app, client):
    _beat(app, timedelta(hours=2))
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json["worker"] == "silent"


def test_a_heartbeat_updates_one_row_per_worker_and_forgets_workers_silent_for_a_week(app):
    Worker(app, clock=lambda: utcnow() - timedelta(days=8), worker_id="server-3").beat()
    _beat(app, timedelta(minutes=5))
    first = db.session.get(WorkerHeartbeat, "server-1").last_beat_at
    _beat(app, timedelta(0))
    Worker(app, worker_id="server-2").beat()
    db.session.expire_all()
    assert sorted(db.session.scalars(select(WorkerHeartbeat.worker_id))) == ["server-1", "server-2"]
    assert db.session.get(WorkerHeartbeat, "server-1").last_beat_at > first


def test_the_load_balancers_check_ignores_a_silent_worker_but_not_the_database(app, client):
    app.config["WORKER_REQUIRED"] = True
    response = client.get("/healthz?check=database")
    assert response.status_code == 200 and response.json["worker"] == "not running"
    assert client.get("/healthz").status_code == 503
