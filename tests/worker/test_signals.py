"""`flask worker` as a real process against a real (fake) SMTP server: SIGTERM finishes the email being
sent and exits 0; SIGKILL in the middle of a send loses and duplicates nothing."""
from __future__ import annotations

import asyncio
import email
import os
import signal
import socket
import subprocess
import sys
import threading
from datetime import timedelta
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, update

from champions.extensions import db
from champions.outbox.models import OutboxMessage, queue_email
from champions.outbox.sender import send_due
from champions.timeutil import utcnow

ROOT = Path(__file__).resolve().parents[2]
WAIT = 120  # seconds: starting the app in a new process takes a while on a busy 2-core machine


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class HoldingHandler:
    """An SMTP server that takes each message's data, then holds its answer until the test releases it."""

    def __init__(self, hold: bool = True):
        self.arrived = threading.Event()
        self.release = threading.Event()
        if not hold:
            self.release.set()
        self.accepted: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.arrived.set()
        released = await asyncio.get_running_loop().run_in_executor(None, self.release.wait, WAIT)
        if not released:
            return "451 4.3.0 Try again later"
        self.accepted.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    servers = []

    def start(hold: bool = True):
        handler = HoldingHandler(hold)
        controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
        controller.start()
        servers.append((handler, controller))
        return handler, controller.port

    yield start
    for handler, controller in servers:
        handler.release.set()
        controller.stop()


def _start_worker(app, tmp_path, port: int) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DEMO", "MAIL_", "FLASK_"))}
    env.update(FLASK_APP="wsgi:app", SECRET_KEY="worker-test", HTTPS="0",
               DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], SEARCH_INDEX_DIR=str(tmp_path / "index"),
               MAIL_SERVER="127.0.0.1", MAIL_PORT=str(port), MAIL_USE_STARTTLS="0", MAIL_DIR=str(tmp_path / "mail"))
    with open(tmp_path / "worker.log", "wb") as log:
        return subprocess.Popen([sys.executable, "-m", "flask", "worker"], cwd=ROOT, env=env,
                                stdout=log, stderr=subprocess.STDOUT)


def _log(tmp_path) -> str:
    return (tmp_path / "worker.log").read_text(errors="replace")


def _queue_two() -> list[int]:
    messages = [queue_email(f"person{n}@example.org", f"Your induction, part {n}", "Hello") for n in (1, 2)]
    db.session.commit()
    return [message.id for message in messages]


def _rows(ids):
    db.session.rollback()
    return [db.session.get(OutboxMessage, i, populate_existing=True) for i in ids]


def test_sigterm_lets_the_email_being_sent_finish_then_exits_0_leaving_the_rest_queued(app, tmp_path, smtp_server):
    first, second = _queue_two()
    server, port = smtp_server(hold=True)
    worker = _start_worker(app, tmp_path, port)
    try:
        assert server.arrived.wait(WAIT), f"the worker never sent anything:\n{_log(tmp_path)}"
        worker.send_signal(signal.SIGTERM)
        server.release.set()  # the server answers only after the worker has been told to stop
        assert worker.wait(WAIT) == 0, _log(tmp_path)
    finally:
        worker.kill()
        worker.wait()
    assert [m["Subject"] for m in server.accepted] == ["Your induction, part 1"]
    sent, waiting = _rows([first, second])
    assert sent.status == "sent" and sent.sent_at is not None
    assert waiting.status == "queued", "the next email waits for the next worker"
    assert "Worker stopped." in _log(tmp_path)


def test_sigkill_in_the_middle_of_a_send_loses_and_duplicates_nothing(app, tmp_path, smtp_server):
    first, second = _queue_two()
    hanging, port = smtp_server(hold=True)
    worker = _start_worker(app, tmp_path, port)
    try:
        assert hanging.arrived.wait(WAIT), f"the worker never sent anything:\n{_log(tmp_path)}"
        worker.send_signal(signal.SIGKILL)
        worker.wait(WAIT)
    finally:
        worker.kill()
        worker.wait()
    claimed, waiting = _rows([first, second])
    assert claimed.status == "sending" and claimed.body == "Hello", "killed mid-send: still claimed, body kept"
    assert waiting.status == "queued"
    assert not hanging.accepted

    # Ten minutes on, the dead worker's claim is stale and the next pass (another worker) sends both.
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id == first)
                       .values(next_attempt_at=utcnow() - timedelta(minutes=11)))
    db.session.commit()
    good, good_port = smtp_server(hold=False)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=good_port, MAIL_USE_STARTTLS=False)
    result = send_due(app)
    assert result.sent == 2
    message_ids = [m["Message-ID"] for m in good.accepted + hanging.accepted]
    assert len(message_ids) == 2 and len(set(message_ids)) == 2
    assert sorted(m["Subject"] for m in good.accepted) == ["Your induction, part 1", "Your induction, part 2"]
    db.session.rollback()
    assert set(db.session.scalars(select(OutboxMessage.status))) == {"sent"}
