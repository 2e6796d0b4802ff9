"""Deliver queued email: over SMTP when MAIL_SERVER is set, else to the console and .eml files.

Each message is claimed with a conditional UPDATE (queued -> sending) before it is sent, so two
senders never send the same email twice. A claim older than ten minutes (a sender that crashed)
goes back to the queue. Failures are retried with backoff: 1, 2, 4 ... minutes, at most an hour,
and after ten attempts the message is marked failed.
"""
from __future__ import annotations

import logging
import os
import smtplib
import ssl
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

import click
from flask import Flask, current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from champions.extensions import db
from champions.outbox.models import OutboxMessage, forget_secret
from champions.timeutil import utcnow

log = logging.getLogger("champions.outbox")

MAX_ATTEMPTS = 10
STUCK_AFTER = timedelta(minutes=10)
MAX_BACKOFF = timedelta(hours=1)
SMTP_TIMEOUT = 30
WATCH_INTERVAL = 5.0
BATCH_SIZE = 200


@dataclass
class SendResult:
    """What one pass over the outbox did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"Sent {self.sent}, will retry {self.retrying}, gave up on {self.failed}."


def backoff(attempts: int) -> timedelta:
    """Wait before the next try after this many failed attempts: 1, 2, 4, 8 ... minutes, capped at an hour."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def build_message(message: OutboxMessage, sender: str) -> EmailMessage:
    """The email as it goes on the wire: plain text, one recipient, a stable Message-ID."""
    email = EmailMessage()
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = " ".join(message.subject.split())  # never let a newline into a header
    email["Date"] = formatdate(localtime=False)
    # Stable per outbox row, so a retry after a crash can be recognised as the same message.
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}", domain=domain)
    email["Auto-Submitted"] = "auto-generated"
    if message.unsubscribe_url:
        # RFC 8058 one-click unsubscribe: the mail client POSTs "List-Unsubscribe=One-Click" to the address.
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # Plain 7-bit when the text allows, so a link in a saved .eml file is not broken by quoted-printable
    # soft line breaks; anything else (a £ sign, very long lines) is encoded safely.
    plain = message.body.isascii() and all(len(line) < 990 for line in message.body.splitlines())
    email.set_content(message.body, cte="7bit" if plain else "quoted-printable")
    return email


class SMTPTransport:
    """One SMTP connection, opened on first use and reused for a batch."""

    def __init__(self, config):
        self.config = config
        self.connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        host, port = self.config["MAIL_SERVER"], int(self.config["MAIL_PORT"])
        if port == 465:  # implicit TLS ("SMTPS")
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=SMTP_TIMEOUT,
                                                  context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT)
            if self.config.get("MAIL_USE_STARTTLS"):
                smtp.starttls(context=ssl.create_default_context())
        if self.config.get("MAIL_USERNAME"):
            smtp.login(self.config["MAIL_USERNAME"], self.config.get("MAIL_PASSWORD", ""))
        return smtp

    def deliver(self, email: EmailMessage) -> None:
        """Send one message; raises on failure (and drops the connection)."""
        try:
            if self.connection is None:
                self.connection = self._connect()
            self.connection.send_message(email)
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        """Say goodbye to the server, ignoring a connection that has already gone."""
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self.connection = None


class FileTransport:
    """Demo mode: print each email and keep it as an .eml file a person can open."""

    def __init__(self, config, stream=None):
        self.directory = config["MAIL_DIR"]
        self.stream = stream

    def deliver(self, email: EmailMessage) -> None:
        """Write the message to MAIL_DIR and to the console."""
        os.makedirs(self.directory, exist_ok=True)
        stamp = utcnow().strftime("%Y%m%d-%H%M%S")
        ident = email["Message-ID"].strip("<>").split("@")[0].replace("/", "-")
        path = os.path.join(self.directory, f"{stamp}-{ident}.eml")
        with open(path + ".tmp", "wb") as handle:
            handle.write(email.as_bytes())
        os.replace(path + ".tmp", path)
        text = email.get_content()
        click.echo(
            f"\n----- Email (saved as {path}) -----\nTo: {email['To']}\nSubject: {email['Subject']}\n\n"
            f"{text.rstrip()}\n----- end of email -----\n",
            file=self.stream or sys.stdout,
        )

    def close(self) -> None:
        """Nothing to close."""


def transport_for(config):
    """SMTP when MAIL_SERVER is set, otherwise console and files."""
    return SMTPTransport(config) if config.get("MAIL_SERVER") else FileTransport(config)


# Errors that mean the server (not this message) is the problem: stop the batch and try later.
_CONNECTION_ERRORS = (OSError, smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected,
                      smtplib.SMTPAuthenticationError, smtplib.SMTPHeloError)


def _release_stuck(session: Session, now: datetime) -> int:
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == "sending", OutboxMessage.next_attempt_at < now - STUCK_AFTER)
        .values(status="queued", next_attempt_at=now)
    )
    session.commit()
    return result.rowcount or 0


def _claim(session: Session, message_id: int, now: datetime) -> bool:
    """Take the message for this sender; False when another sender got there first."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "queued")
        .values(status="sending", next_attempt_at=now)  # the claim time, for spotting a dead sender
    )
    session.commit()
    return result.rowcount == 1


def _record_failure(message: OutboxMessage, error: Exception, result: SendResult, *, permanent=False) -> None:
    now = utcnow()
    message.attempts = (message.attempts or 0) + 1
    message.last_error = f"{type(error).__name__}: {error}"[:1000]
    if permanent or message.attempts >= MAX_ATTEMPTS:
        message.status = "failed"
        forget_secret(message)
        result.failed += 1
        log.error("Gave up on email %s to %s after %s attempts: %s",
                  message.id, message.to_address, message.attempts, message.last_error)
    else:
        message.status = "queued"
        message.next_attempt_at = now + backoff(message.attempts)
        result.retrying += 1
        log.warning("Email %s to %s not sent (attempt %s), trying again at %s: %s",
                    message.id, message.to_address, message.attempts,
                    message.next_attempt_at.isoformat(), message.last_error)


def send_due(app: Flask | None = None, *, limit: int = BATCH_SIZE, stop=None) -> SendResult:
    """One pass: claim and deliver every message that is due, oldest first; never raises for SMTP trouble.

    `stop` (a function) is asked before each email: when it says True the pass ends, the email being
    sent having been finished and recorded (`flask worker` on SIGTERM).
    """
    app = app or current_app._get_current_object()
    result = SendResult()
    with app.app_context(), Session(db.engine, expire_on_commit=False) as session:
        now = utcnow()
        _release_stuck(session, now)
        due = session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.status == "queued", OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
        ).all()
        session.commit()
        transport = transport_for(app.config)
        try:
            for message_id in due:
                if stop is not None and stop():
                    break
                if not _claim(session, message_id, utcnow()):
                    continue
                message = session.get(OutboxMessage, message_id, populate_existing=True)
                try:
                    transport.deliver(build_message(message, app.config["MAIL_DEFAULT_SENDER"]))
                except smtplib.SMTPRecipientsRefused as error:
                    # Every recipient refused with a 5xx code: trying again will not help.
                    permanent = all(code >= 500 for code, _ in error.recipients.values())
                    _record_failure(message, error, result, permanent=permanent)
                except _CONNECTION_ERRORS as error:
                    _record_failure(message, error, result)
                    session.commit()
                    break  # the server is unreachable: leave the rest for the next pass
                except Exception as error:  # noqa: BLE001 - any other failure is retried, never lost
                    _record_failure(message, error, result)
                else:
                    message.status, message.sent_at = "sent", utcnow()
                    message.attempts = (message.attempts or 0) + 1
                    message.last_error = ""
                    forget_secret(message)
                    result.sent += 1
                session.commit()
        finally:
            transport.close()
    return result


def deliver_after_request(response):
    """Demo mode: a request that queued email gets it delivered to the console and files at once."""
    from flask import g

    if not g.pop("outbox_dirty", False):
        return response
    config = current_app.config
    if config.get("MAIL_SERVER") or not (config.get("MAIL_CONSOLE") or config.get("DEMO")):
        return response
    try:
        send_due()
    except Exception:  # noqa: BLE001 - the page the person asked for matters more than demo mail
        current_app.logger.exception("Could not write demo email; run `flask outbox send`.")
    return response


def run(watch: bool = False, interval: float = WATCH_INTERVAL) -> None:
    """Send what is due; with watch=True keep going every few seconds until Ctrl-C."""
    app = current_app._get_current_object()
    where = (f"{app.config['MAIL_SERVER']}:{app.config['MAIL_PORT']}" if app.config.get("MAIL_SERVER")
             else f"the console and {app.config['MAIL_DIR']}")
    click.echo(f"Sending email to {where}.")
    try:
        while True:
            result = send_due(app)
            if not watch or result.sent or result.retrying or result.failed:
                click.echo(str(result))
            if not watch:
                return
            time.sleep(interval)
    except KeyboardInterrupt:
        click.echo("Stopped.")
