"""The outbox sender: real SMTP on loopback (aiosmtpd), retries with backoff, demo files, no double sends."""
from __future__ import annotations

import email
import socket
import threading
from datetime import timedelta
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import select

from champions.extensions import db
from champions.outbox import queue_email
from champions.outbox.models import OutboxMessage
from champions.outbox.sender import MAX_ATTEMPTS, backoff, send_due
from champions.timeutil import utcnow

LINK = "http://localhost/questions/7#answer-3"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Collector:
    """An aiosmtpd handler that keeps what it receives; refuses recipients listed in `refuse`."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes = []
        self.refuse: set[str] = set()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.envelopes.append(envelope)
            self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


class SMTPServer:
    """Start and stop a real SMTP server on a fixed loopback port."""

    def __init__(self, port: int, **kwargs):
        self.port = port
        self.handler = Collector()
        self.kwargs = kwargs
        self.controller = None

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **self.kwargs)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(app):
    """A running SMTP server on loopback, with the app pointed at it."""
    server = SMTPServer(_free_port())
    server.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_USE_STARTTLS=False)
    yield server
    server.stop()


def _queue(to="worker@example.org", subject="New answer to: Can a carer be paid?", link=LINK):
    message = queue_email(to, subject, f"Hello,\n\nThere is a new answer:\n{link}\n")
    db.session.commit()
    return message.id


def _reload(message_id) -> OutboxMessage:
    db.session.rollback()  # the sender works in its own session: read what it committed
    return db.session.get(OutboxMessage, message_id, populate_existing=True)


def test_queued_email_arrives_over_smtp_with_subject_recipient_and_link(app, smtp):
    message_id = _queue()

    result = send_due(app)

    assert result.sent == 1
    [received] = smtp.handler.messages
    assert received["Subject"] == "New answer to: Can a carer be paid?"
    assert received["To"] == "worker@example.org"
    assert received["From"] == "SDS Champions Hub <no-reply@example.org>"
    assert smtp.handler.envelopes[0].rcpt_tos == ["worker@example.org"]
    assert LINK in received.get_content()
    row = _reload(message_id)
    assert row.status == "sent" and row.sent_at is not None and row.last_error == ""


def test_messages_go_oldest_first_and_each_only_once(app, smtp):
    first = _queue(to="a@example.org", subject="First")
    second = _queue(to="b@example.org", subject="Second")
    _reload(first).next_attempt_at = utcnow() - timedelta(minutes=5)
    db.session.commit()

    send_due(app)
    send_due(app)

    assert [m["Subject"] for m in smtp.handler.messages] == ["First", "Second"]
    assert _reload(second).status == "sent"


def test_server_down_leaves_message_queued_with_backoff_then_delivers_when_back(app):
    port = _free_port()  # nothing listens here yet
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_STARTTLS=False)
    message_id = _queue()
    before = utcnow()

    result = send_due(app)

    assert result.sent == 0 and result.retrying == 1
    row = _reload(message_id)
    assert row.status == "queued"
    assert row.attempts == 1
    assert "Connection" in row.last_error or "refused" in row.last_error.lower()
    assert row.next_attempt_at >= before + timedelta(seconds=59)

    server = SMTPServer(port)
    server.start()
    try:
        assert send_due(app).sent == 0, "not due again until the backoff has passed"
        row.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        assert send_due(app).sent == 1
    finally:
        server.stop()
    assert len(server.handler.messages) == 1
    assert _reload(message_id).status == "sent"


def test_backoff_doubles_from_one_minute_and_stops_at_an_hour():
    assert [backoff(n).total_seconds() / 60 for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]


def test_tenth_failure_marks_message_failed_and_logs_it(app, caplog):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=_free_port(), MAIL_USE_STARTTLS=False)
    message_id = _queue()
    row = db.session.get(OutboxMessage, message_id)
    row.attempts = MAX_ATTEMPTS - 1
    db.session.commit()

    with caplog.at_level("ERROR", logger="champions.outbox"):
        result = send_due(app)

    assert result.failed == 1
    row = _reload(message_id)
    assert row.status == "failed" and row.attempts == MAX_ATTEMPTS
    assert "Gave up on email" in caplog.text
    assert send_due(app).failed == 0, "a failed message is not tried again"


def test_recipient_refused_permanently_fails_at_once_and_others_still_go(app, smtp):
    smtp.handler.refuse.add("gone@example.org")
    bad = _queue(to="gone@example.org")
    good = _queue(to="here@example.org")

    result = send_due(app)

    assert (result.sent, result.failed) == (1, 1)
    assert _reload(bad).status == "failed" and "No such user" in _reload(bad).last_error
    assert _reload(good).status == "sent"


def test_signs_in_when_a_username_is_set(app):
    seen = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"s3cret"
        seen.append((auth_data.login, ok))
        return AuthResult(success=ok)

    server = SMTPServer(_free_port(), authenticator=authenticator, auth_require_tls=False)
    server.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_USE_STARTTLS=False,
                      MAIL_USERNAME="hub", MAIL_PASSWORD="s3cret")
    try:
        _queue()
        assert send_due(app).sent == 1
    finally:
        server.stop()
    assert seen == [(b"hub", True)]
    assert len(server.handler.messages) == 1


def test_demo_mode_writes_eml_file_and_console(app, capsys):
    app.config.update(MAIL_SERVER="")
    message_id = _queue()

    assert send_due(app).sent == 1

    [path] = list(Path(app.config["MAIL_DIR"]).glob("*.eml"))
    saved = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert saved["Subject"] == "New answer to: Can a carer be paid?"
    assert LINK in saved.get_content()
    printed = capsys.readouterr().out
    assert "Subject: New answer to: Can a carer be paid?" in printed and LINK in printed
    assert _reload(message_id).status == "sent"


@pytest.fixture
def own_app(tmp_path):
    """An app of this test's own (SQLite), so it can be given a test-only route before its first request."""
    from champions import create_app
    from champions.config import test_config

    (tmp_path / "own").mkdir()
    application = create_app(test_config(str(tmp_path / "own")))
    with application.app_context():
        db.create_all()
        yield application
        db.session.remove()
        db.engine.dispose()


def test_demo_mode_delivers_mail_queued_by_a_request_without_another_command(own_app):
    app, client = own_app, own_app.test_client()
    app.config.update(MAIL_SERVER="", MAIL_CONSOLE=True)

    def queue_view():
        queue_email("demo@example.org", "Demo subject", f"Follow {LINK}")
        db.session.commit()
        return "queued"

    app.add_url_rule("/_test/queue", "test_queue", queue_view)
    assert client.get("/_test/queue").data == b"queued"

    [path] = list(Path(app.config["MAIL_DIR"]).glob("*.eml"))
    assert LINK in path.read_text()
    assert db.session.scalar(select(OutboxMessage.status)) == "sent"


def test_no_demo_delivery_outside_demo_mode(own_app):
    app, client = own_app, own_app.test_client()
    app.config.update(MAIL_SERVER="", MAIL_CONSOLE=False, DEMO=False)

    def queue_view():
        queue_email("demo@example.org", "Demo subject", "Body")
        db.session.commit()
        return "queued"

    app.add_url_rule("/_test/queue", "test_queue", queue_view)
    client.get("/_test/queue")

    assert db.session.scalar(select(OutboxMessage.status)) == "queued"
    assert not Path(app.config["MAIL_DIR"]).exists()


def test_message_claimed_by_another_sender_is_left_alone_until_its_claim_goes_stale(app, smtp):
    message_id = _queue()
    row = db.session.get(OutboxMessage, message_id)
    row.status, row.next_attempt_at = "sending", utcnow() - timedelta(minutes=2)
    db.session.commit()

    assert send_due(app).sent == 0
    assert smtp.handler.messages == []

    row = _reload(message_id)
    row.next_attempt_at = utcnow() - timedelta(minutes=11)  # that sender died
    db.session.commit()
    assert send_due(app).sent == 1
    assert len(smtp.handler.messages) == 1


def test_two_senders_at_once_never_send_the_same_email_twice(app, smtp):
    ids = [_queue(to=f"person{n}@example.org", subject=f"Message {n}") for n in range(25)]
    results = []
    start = threading.Barrier(2)

    def sender():
        start.wait()
        results.append(send_due(app))

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    subjects = sorted(m["Subject"] for m in smtp.handler.messages)
    assert subjects == sorted(f"Message {n}" for n in range(25))
    assert sum(r.sent for r in results) == 25
    db.session.rollback()
    statuses = db.session.scalars(select(OutboxMessage.status).where(OutboxMessage.id.in_(ids))).all()
    assert set(statuses) == {"sent"}


def test_cli_sends_once_and_reports(app, runner, smtp):
    _queue()

    result = runner.invoke(args=["outbox", "send"])

    assert result.exit_code == 0, result.output
    assert "Sent 1" in result.output
    assert len(smtp.handler.messages) == 1


def test_subject_with_a_newline_cannot_inject_headers(app, smtp):
    _queue(subject="Hello\nBcc: victim@example.org")

    send_due(app)

    [received] = smtp.handler.messages
    assert received["Bcc"] is None
    assert smtp.handler.envelopes[0].rcpt_tos == ["worker@example.org"]


def test_saved_email_keeps_a_long_link_whole_for_a_person_opening_the_file(app):
    """No quoted-printable soft line breaks: the raw .eml shows the link as one piece of text."""
    app.config.update(MAIL_SERVER="")
    long_link = "http://127.0.0.1:5000/auth/confirm/" + "x" * 80
    queue_email("someone@example.org", "Confirm your email address", f"Open this link:\n\n{long_link}\n")
    db.session.commit()
    assert send_due(app).sent == 1
    [path] = list(Path(app.config["MAIL_DIR"]).glob("*.eml"))
    assert long_link in path.read_text()


def test_email_with_a_pound_sign_is_still_encoded_safely(app):
    app.config.update(MAIL_SERVER="")
    queue_email("someone@example.org", "Rates", "The rate is £12.50 an hour.")
    db.session.commit()
    assert send_due(app).sent == 1
    [path] = list(Path(app.config["MAIL_DIR"]).glob("*.eml"))
    saved = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert "£12.50" in saved.get_content()
