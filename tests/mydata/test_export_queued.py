"""Download my data for a large account: prepared by the worker, emailed, fetched by its owner until it expires."""
from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

from sqlalchemy import select

from champions.audit import AuditEvent
from champions.extensions import db
from champions.mydata.exports import prepare_pending
from champions.mydata.models import DataExport
from champions.outbox.models import OutboxMessage
from champions.timeutil import utcnow
from champions.worker.jobs import by_name
from champions.worker.runner import Worker
from tests import factories
from tests import factories_questions as make


def _large(app, **kwargs):
    app.config["EXPORT_INLINE_MAX_RECORDS"] = 2
    me = factories.user("practitioner", display_name="Morag Fraser", **kwargs)
    for n in range(3):
        make.question(author=me, title=f"My question number {n} about direct payments")
    db.session.commit()
    return me


def test_a_large_account_is_queued_then_the_worker_prepares_it_and_emails_a_link(app, client, login_as):
    me = _large(app, email="morag.fraser@example.org")
    login_as(me)
    response = client.post("/my-data/download", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    assert "We are preparing your download" in page and "We are preparing the copy of your data" in page

    assert Worker(app).run(by_name("mydata-exports")) == "ok"
    email = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "morag.fraser@example.org"))
    assert email.subject == "Your data from the SDS Champions Hub is ready to download"
    assert "http://localhost/my-data/" in email.body

    page = client.get("/my-data/").get_data(as_text=True)
    export = db.session.scalar(select(DataExport))
    assert "Your data is ready" in page
    assert f'<form method="post" action="/my-data/download/{export.id}"' in page  # a button, not a link
    response = client.post(f"/my-data/download/{export.id}")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.data)).read("data.json"))
    assert len(data["questions"]) == 3 and data["profile"]["name"] == "Morag Fraser"
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "user.data_exported"))


def test_asking_twice_while_it_is_prepared_queues_one(app, client, login_as):
    login_as(_large(app))
    client.post("/my-data/download")
    client.post("/my-data/download")
    assert len(db.session.scalars(select(DataExport)).all()) == 1


def test_a_small_account_still_downloads_at_once(app, client, login_as):
    login_as("practitioner")
    response = client.post("/my-data/download")
    assert response.mimetype == "application/zip"
    assert db.session.scalar(select(DataExport)) is None


def test_someone_elses_download_is_not_found(app, client, login_as):
    owner = _large(app)
    export = DataExport(user_id=owner.id, status="ready", content=b"PK", size=2, ready_at=utcnow(),
                        expires_at=utcnow() + timedelta(days=7))
    db.session.add(export)
    db.session.commit()
    login_as("practitioner")
    assert client.post(f"/my-data/download/{export.id}").status_code == 404


def test_an_expired_link_says_so_and_the_worker_drops_the_zip(app, client, login_as):
    me = _large(app)
    export = DataExport(user_id=me.id, status="ready", content=b"PK", size=2, ready_at=utcnow() - timedelta(days=8),
                        expires_at=utcnow() - timedelta(days=1))
    db.session.add(export)
    db.session.commit()
    login_as(me)
    page = client.post(f"/my-data/download/{export.id}", follow_redirects=True).get_data(as_text=True)
    assert "That download has expired" in page
    assert prepare_pending() == {"prepared": 0, "failed": 0, "expired": 1}
    db.session.rollback()
    export = db.session.get(DataExport, export.id, populate_existing=True)
    assert export.status == "expired" and export.content is None


def test_a_stop_request_leaves_queued_downloads_for_the_next_worker(app, client, login_as):
    login_as(_large(app))
    client.post("/my-data/download")
    assert prepare_pending(stop=lambda: True)["prepared"] == 0
    assert db.session.scalar(select(DataExport.status)) == "queued"


def test_a_prepared_download_needs_a_post_with_a_token_and_a_get_records_nothing(app, client, login_as, csrf_enabled):
    me = _large(app)
    export = DataExport(user_id=me.id, status="ready", content=b"PK", size=2, ready_at=utcnow(),
                        expires_at=utcnow() + timedelta(days=7))
    db.session.add(export)
    db.session.commit()
    login_as(me)
    assert client.get(f"/my-data/download/{export.id}").status_code == 405
    assert client.post(f"/my-data/download/{export.id}").status_code == 400
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "user.data_exported")) is None


def test_a_download_that_cannot_be_built_is_counted_as_failed_not_prepared(app, client, login_as, monkeypatch):
    login_as(_large(app))
    client.post("/my-data/download")

    def broken(export):
        raise RuntimeError("disk full")

    monkeypatch.setattr("champions.mydata.exports._build", broken)
    assert prepare_pending() == {"prepared": 0, "failed": 1, "expired": 0}
    assert db.session.scalar(select(DataExport.status)) == "failed"
