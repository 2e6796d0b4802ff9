"""Server-side sessions: sign-out ends copies of the cookie, remember-me is revocable, sessions time out."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from champions.auth.models import UserSession
from champions.extensions import db
from champions.timeutil import utcnow
from tests import factories

GOOD_PASSWORD = "Tay river kettle lantern"


def sign_in(client, user, remember=False):
    data = {"email": user.email, "password": factories.PASSWORD}
    if remember:
        data["remember"] = "y"
    assert client.post("/auth/sign-in", data=data).status_code == 302


def copy_cookie(app, client, name):
    """Another browser holding a copy of one cookie (as a thief or a shared computer would)."""
    other = app.test_client()
    other.set_cookie(name, client.get_cookie(name).value)
    return other


def signed_in(client) -> bool:
    return client.get("/auth/profile").status_code == 200


def only_session(user) -> UserSession:
    db.session.expire_all()
    [record] = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)).all()
    return record


def test_a_copied_session_cookie_stops_working_after_sign_out(app, client):
    user = factories.user()
    db.session.commit()
    sign_in(client, user)
    thief = copy_cookie(app, client, "session")
    assert signed_in(thief)
    client.post("/auth/sign-out")
    assert not signed_in(thief)
    assert only_session(user).ended_reason == "sign_out"


def test_a_copied_remember_me_cookie_stops_working_after_sign_out(app, client):
    user = factories.user()
    db.session.commit()
    sign_in(client, user, remember=True)
    thief = copy_cookie(app, client, "remember_token")  # no session cookie: only the remember-me one
    assert signed_in(thief)
    client.post("/auth/sign-out")
    assert not signed_in(thief)


def test_sign_out_everywhere_and_a_password_change_end_remembered_devices(app, client):
    user = factories.user()
    db.session.commit()
    laptop = app.test_client()
    sign_in(laptop, user, remember=True)
    sign_in(client, user)
    remembered = copy_cookie(app, laptop, "remember_token")
    client.post("/auth/profile/password", data={
        "current_password": factories.PASSWORD, "password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD})
    assert signed_in(client)
    assert not signed_in(laptop) and not signed_in(remembered)
    assert signed_in(client)


def test_only_a_hash_of_the_session_token_is_stored(client):
    user = factories.user()
    db.session.commit()
    sign_in(client, user)
    from flask.sessions import SecureCookieSessionInterface

    serializer = SecureCookieSessionInterface().get_signing_serializer(client.application)
    token = serializer.loads(client.get_cookie("session").value)["_user_id"]
    record = only_session(user)
    assert token not in (record.token_hash, str(user.id)) and len(record.token_hash) == 64


def test_a_session_unused_for_longer_than_the_idle_limit_ends(client):
    user = factories.user()
    db.session.commit()
    sign_in(client, user)
    record = only_session(user)
    record.last_seen_at = utcnow() - timedelta(hours=8, minutes=1)
    db.session.commit()
    assert not signed_in(client)
    assert only_session(user).ended_reason == "idle"


def test_the_idle_limit_comes_from_the_configuration(app, client):
    app.config["SESSION_IDLE_HOURS"] = 1
    user = factories.user()
    db.session.commit()
    sign_in(client, user)
    only_session(user).last_seen_at = utcnow() - timedelta(minutes=61)
    db.session.commit()
    assert not signed_in(client)


def test_a_busy_session_still_ends_after_the_absolute_limit(client):
    user = factories.user()
    db.session.commit()
    sign_in(client, user, remember=True)
    record = only_session(user)
    record.created_at = utcnow() - timedelta(days=30, minutes=1)
    record.last_seen_at = utcnow()
    db.session.commit()
    assert not signed_in(client)
    assert only_session(user).ended_reason == "expired"


def test_a_remembered_session_survives_a_night_away(client):
    user = factories.user()
    db.session.commit()
    sign_in(client, user, remember=True)
    only_session(user).last_seen_at = utcnow() - timedelta(hours=16)
    db.session.commit()
    assert signed_in(client)


def test_last_seen_is_written_at_most_once_a_minute(client):
    user = factories.user()
    db.session.commit()
    sign_in(client, user)
    earlier = utcnow() - timedelta(seconds=30)
    only_session(user).last_seen_at = earlier
    db.session.commit()
    assert signed_in(client)
    assert only_session(user).last_seen_at == earlier  # under a minute: no write
    only_session(user).last_seen_at = utcnow() - timedelta(minutes=2)
    db.session.commit()
    assert signed_in(client)
    assert utcnow() - only_session(user).last_seen_at < timedelta(minutes=1)


def test_login_as_makes_a_real_session_that_sign_out_ends(client, login_as):
    login_as("practitioner")
    assert signed_in(client)
    client.post("/auth/sign-out")
    assert not signed_in(client)


def test_old_session_records_are_purged_and_recent_ones_kept(app, client, runner):
    user = factories.user()
    db.session.commit()
    sign_in(client, user)
    sign_in(app.test_client(), user)  # signed in on two devices: two records
    old, recent = db.session.scalars(select(UserSession).order_by(UserSession.id)).all()
    old.last_seen_at = utcnow() - timedelta(days=91)
    db.session.commit()
    assert "Deleted 1 old session record." in runner.invoke(args=["purge-sessions"]).output
    db.session.expire_all()
    assert db.session.scalars(select(UserSession.id)).all() == [recent.id]
