"""Security review of accounts (issue 10): reset links, registration, feed tokens and absolute links."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from champions.auth.models import User
from champions.extensions import db
from champions.outbox.models import OutboxMessage
from tests import factories
from tests import factories_meetings as fm

GOOD_PASSWORD = "Tay river kettle lantern"
NEWER_PASSWORD = "Heather bothy compass oatcake"


def outbox(to: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == to)
                                   .order_by(OutboxMessage.id)))


def reset_path(client, email: str) -> str:
    client.post("/auth/forgot-password", data={"email": email})
    return re.search(r"http://localhost(/auth/reset/\S+)", outbox(email)[-1].body).group(1)


def new_feed_path(client) -> str:
    page = client.post("/updates/feed/new").text
    return re.search(r'value="http://localhost([^"]+\.atom)"', page).group(1)


def test_a_reset_link_stops_working_once_the_password_is_changed_another_way(app, client, login_as):
    user = login_as("practitioner")
    path = reset_path(app.test_client(), user.email)
    client.post("/auth/profile/password", data={
        "current_password": factories.PASSWORD, "password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD})
    stranger = app.test_client()
    assert stranger.get(path).status_code == 410
    stranger.post(path, data={"password": NEWER_PASSWORD, "confirm": NEWER_PASSWORD})
    assert db.session.get(User, user.id).check_password(GOOD_PASSWORD)


def test_the_confirmation_email_carries_nothing_the_registrant_typed(client):
    client.post("/auth/register", data={
        "display_name": "Win a prize at evil.example", "email": "victim@example.org", "job_title": "Click here",
        "team": "", "password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD})
    [message] = outbox("victim@example.org")
    assert "Confirm your email address" in message.subject
    assert "evil.example" not in message.body and "prize" not in message.body and "Click here" not in message.body


def test_registering_an_unconfirmed_address_again_sends_a_new_confirmation(client):
    factories.user(email="waiting@example.org", email_confirmed_at=None)
    db.session.commit()
    response = client.post("/auth/register", data={
        "display_name": "Someone", "email": "waiting@example.org", "job_title": "", "team": "",
        "password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD})
    assert response.headers["Location"] == "/auth/check-email"
    assert "Confirm your email address" in outbox("waiting@example.org")[-1].subject


def test_sign_out_everywhere_turns_off_the_feed_address(client, login_as):
    login_as("practitioner")
    path = new_feed_path(client)
    assert client.get(path).status_code == 200
    client.post("/auth/profile/sign-out-everywhere")
    assert client.get(path).status_code == 404


def test_a_password_change_turns_off_the_feed_address(client, login_as):
    login_as("practitioner")
    path = new_feed_path(client)
    client.post("/auth/profile/password", data={
        "current_password": factories.PASSWORD, "password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD})
    assert client.get(path).status_code == 404


def test_the_feed_builds_its_links_from_the_configured_address_not_the_host_header(app, client, login_as):
    app.config["SERVER_BASE_URL"] = "https://hub.example.org/"
    login_as("practitioner")
    page = client.post("/updates/feed/new").text
    path = re.search(r'value="https://hub\.example\.org([^"]+\.atom)"', page).group(1)
    feed = client.get(path, headers={"Host": "evil.example"})
    assert feed.status_code == 200
    assert b"evil.example" not in feed.data and b"https://hub.example.org/updates" in feed.data


def test_the_calendar_file_links_to_the_configured_address_not_the_host_header(app, client, login_as):
    app.config["SERVER_BASE_URL"] = "https://hub.example.org"
    login_as("practitioner")
    meeting = fm.meeting(day=date(2027, 6, 3))
    db.session.commit()
    client.set_cookie("session", client.get_cookie("session").value, domain="evil.example")
    response = client.get(f"/meetings/{meeting.id}.ics", headers={"Host": "evil.example"})
    assert response.status_code == 200
    assert b"evil.example" not in response.data
    assert f"https://hub.example.org/meetings/{meeting.id}".encode() in response.data


def test_a_sent_reset_email_keeps_no_link_in_the_database(app, client):
    from champions.outbox.sender import send_due

    user = factories.user(email="forgetful@example.org")
    db.session.commit()
    path = reset_path(client, user.email)
    token = path.rsplit("/", 1)[1]
    assert send_due(app).sent == 1
    db.session.expire_all()
    [message] = outbox(user.email)
    assert message.status == "sent" and message.summary == "Password reset link sent"
    assert token not in message.body and "/auth/reset/" not in message.body
    # The email itself carried the link (it was written to the demo mail folder).
    from pathlib import Path

    [saved] = Path(app.config["MAIL_DIR"]).glob("*.eml")
    assert token in saved.read_text()


def test_an_ordinary_email_keeps_its_body_once_sent(app):
    from champions.outbox import queue_email
    from champions.outbox.sender import send_due

    queue_email("worker@example.org", "New answer", "There is a new answer: http://localhost/questions/1")
    db.session.commit()
    send_due(app)
    db.session.expire_all()
    assert "new answer" in outbox("worker@example.org")[0].body
