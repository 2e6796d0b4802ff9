"""Accounts: sign-in, registration and confirmation, password reset, invitations and the profile."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from champions.audit import AuditEvent
from champions.auth import tokens
from champions.auth.models import User
from champions.auth.tokens import AccountToken
from champions.auth.views import FAILED_SIGN_IN
from champions.extensions import db
from champions.outbox.models import OutboxMessage
from tests import factories
from tests.factories_auth import invitation, token

GOOD_PASSWORD = "Tay river kettle lantern"


def outbox(to: str | None = None) -> list[OutboxMessage]:
    """Queued emails, oldest first (optionally only those to one address)."""
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if to:
        query = query.where(OutboxMessage.to_address == to)
    return list(db.session.scalars(query))


def link_path(message: OutboxMessage) -> str:
    """The path of the one Hub link in an email (SERVER_BASE_URL is http://localhost in tests)."""
    links = re.findall(r"http://localhost(/\S+)", message.body)
    assert len(links) == 1, message.body
    return links[0]


def sign_in(client, email, password=factories.PASSWORD, **extra):
    return client.post("/auth/sign-in", data={"email": email, "password": password, **extra})


def signed_in_as(client) -> str | None:
    """The display name in the user menu, or None when signed out."""
    response = client.get("/auth/profile")
    if response.status_code != 200:
        return None
    return re.search(r"<dt class=\"summary-list__key\">Name</dt><dd class=\"summary-list__value\">([^<]*)<",
                     response.get_data(as_text=True)).group(1)


def register_data(**overrides):
    data = {"display_name": "Rowan Fraser", "email": "rowan.fraser@council.example.gov.uk",
            "job_title": "Social worker", "team": "", "password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD}
    data.update(overrides)
    return data


# --- sign in and out ---------------------------------------------------------------------------

def test_sign_in_and_out(client):
    user = factories.user(display_name="Morag Reid")
    db.session.commit()
    response = sign_in(client, user.email.upper())
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert signed_in_as(client) == "Morag Reid"
    assert db.session.get(User, user.id).last_sign_in_at is not None
    client.post("/auth/sign-out")
    assert signed_in_as(client) is None


@pytest.mark.parametrize("email,password", [
    ("known@example.org", "wrong password entirely"),
    ("nobody@example.org", factories.PASSWORD),
])
def test_wrong_password_and_unknown_email_say_the_same(client, email, password):
    factories.user(email="known@example.org")
    db.session.commit()
    response = sign_in(client, email, password)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert FAILED_SIGN_IN in page and "There is a problem" in page
    assert f'value="{email}"' in page  # what they typed is kept
    assert signed_in_as(client) is None


def test_sign_in_with_empty_fields_shows_errors(client):
    page = client.post("/auth/sign-in", data={}).get_data(as_text=True)
    assert "Enter your email address" in page and "Enter your password" in page


def test_deactivated_user_cannot_sign_in(client):
    user = factories.user(active=False)
    db.session.commit()
    page = sign_in(client, user.email).get_data(as_text=True)
    assert "deactivated" in page
    assert signed_in_as(client) is None
    # With the wrong password nothing reveals that the account exists.
    assert "deactivated" not in sign_in(client, user.email, "not the password at all").get_data(as_text=True)


def test_unconfirmed_user_is_told_and_can_get_a_new_link(client):
    user = factories.user(email="waiting@example.org", email_confirmed_at=None)
    db.session.commit()
    page = sign_in(client, user.email).get_data(as_text=True)
    assert "has not been confirmed" in page and "Send me a new link" in page
    assert signed_in_as(client) is None
    assert "has not been confirmed" not in sign_in(client, user.email, "wrong password here").get_data(as_text=True)
    response = client.post("/auth/confirm/resend", data={"email": user.email})
    assert response.status_code == 302
    [message] = outbox(user.email)
    assert link_path(message).startswith("/auth/confirm/")


def test_remember_me_sets_a_cookie(client):
    user = factories.user()
    db.session.commit()
    response = sign_in(client, user.email, remember="y")
    assert "remember_token=" in " ".join(response.headers.getlist("Set-Cookie"))


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example", "/\\evil.example", "\\\\evil",
                                    "javascript:alert(1)", "/\t/evil.example"])
def test_next_only_accepts_local_paths(client, target):
    user = factories.user()
    db.session.commit()
    response = sign_in(client, user.email, next=target)
    assert response.headers["Location"] == "/"


def test_next_local_path_is_followed(client):
    user = factories.user()
    db.session.commit()
    assert client.get("/auth/profile").headers["Location"].startswith("/auth/sign-in?next=")
    assert sign_in(client, user.email, next="/auth/profile").headers["Location"] == "/auth/profile"


def test_sign_in_without_csrf_token_is_refused(client, csrf_enabled):
    user = factories.user()
    db.session.commit()
    response = sign_in(client, user.email)
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)


def test_sign_out_is_post_only(client, login_as):
    login_as("practitioner")
    assert client.get("/auth/sign-out").status_code == 405
    assert signed_in_as(client) is not None


# --- registration --------------------------------------------------------------------------------

def test_register_confirm_then_sign_in(client):
    org = factories.organisation("Tayside HSCP")
    team = factories.team("North Locality Team", org)
    db.session.commit()
    assert "North Locality Team (Tayside HSCP)" in client.get("/auth/register").get_data(as_text=True)
    response = client.post("/auth/register", data=register_data(team=str(team.id), email="Rowan.Fraser@Example.org"))
    assert response.headers["Location"] == "/auth/check-email"
    assert "rowan.fraser@example.org" in client.get("/auth/check-email").get_data(as_text=True)

    user = User.by_email("rowan.fraser@example.org")
    assert (user.role, user.team_id, user.organisation_id, user.email_confirmed_at) == ("practitioner", team.id, org.id, None)
    assert user.email == "rowan.fraser@example.org"
    [message] = outbox("rowan.fraser@example.org")
    assert "Confirm your email address" in message.subject
    path = link_path(message)
    # Only the hash is stored.
    raw = path.rsplit("/", 1)[1]
    assert db.session.scalar(select(AccountToken.token_hash)) == tokens.hash_token(raw) != raw

    assert "has not been confirmed" in sign_in(client, user.email, GOOD_PASSWORD).get_data(as_text=True)
    # Opening the link changes nothing: a button confirms (email scanners follow links).
    assert "Confirm my email address" in client.get(path).get_data(as_text=True)
    assert db.session.get(User, user.id).email_confirmed_at is None
    assert client.post(path).headers["Location"] == "/auth/sign-in"
    assert db.session.get(User, user.id).email_confirmed_at is not None
    assert sign_in(client, user.email, GOOD_PASSWORD).status_code == 302
    assert signed_in_as(client) == "Rowan Fraser"


def test_confirmation_link_is_single_use_and_expires(client):
    user = factories.user(email_confirmed_at=None)
    _, used_raw = token(tokens.CONFIRM_EMAIL, user=user, used=True)
    _, old_raw = token(tokens.CONFIRM_EMAIL, user=factories.user(email_confirmed_at=None), expired=True)
    db.session.commit()
    response = client.get(f"/auth/confirm/{old_raw}")
    assert response.status_code == 410
    page = response.get_data(as_text=True)
    assert "This link has expired" in page and "Send me a new link" in page
    response = client.get(f"/auth/confirm/{used_raw}")
    assert response.status_code == 410 and "already been used" in response.get_data(as_text=True)
    assert client.post(f"/auth/confirm/{old_raw}").status_code == 410


def test_confirmation_resend_replaces_the_old_link(client):
    user = factories.user(email="again@example.org", email_confirmed_at=None)
    _, first = token(tokens.CONFIRM_EMAIL, user=user)
    db.session.commit()
    client.post("/auth/confirm/resend", data={"email": "AGAIN@example.org"})
    assert client.get(f"/auth/confirm/{first}").status_code == 410
    assert client.get(link_path(outbox(user.email)[-1])).status_code == 200


def test_resend_for_unknown_or_confirmed_email_says_the_same_and_sends_nothing(client):
    factories.user(email="done@example.org")
    db.session.commit()
    for email in ("done@example.org", "nobody@example.org"):
        response = client.post("/auth/confirm/resend", data={"email": email}, follow_redirects=True)
        assert "If that account is waiting for confirmation" in response.get_data(as_text=True)
    assert outbox() == []


@pytest.mark.parametrize("overrides,message", [
    ({"email": "someone@gmail.com"}, "Use your council or HSCP work email address"),
    ({"email": "someone@notexample.org"}, "Use your council or HSCP work email address"),
    ({"email": "not-an-email"}, "Enter an email address in the correct format"),
    ({"password": "short one", "confirm": "short one"}, "at least 12 characters"),
    ({"password": "password1234", "confirm": "password1234"}, "too common"),
    ({"password": "iloveyou1234", "confirm": "iloveyou1234"}, "too common"),
    ({"confirm": "something else entirely"}, "The passwords do not match"),
    ({"display_name": ""}, "Enter your name"),
    ({"display_name": "x" * 71}, "Name must be 70 characters or fewer"),
    ({"team": "99999"}, "Not a valid choice"),
])
def test_register_bad_input(client, overrides, message):
    response = client.post("/auth/register", data=register_data(**overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page and "There is a problem" in page
    assert 'value="Social worker"' in page  # what they typed is kept
    assert db.session.scalar(select(User)) is None and outbox() == []


def test_register_accepts_a_70_character_name(client):
    name = "Anna-Maria " + "x" * 59
    assert client.post("/auth/register", data=register_data(display_name=name)).status_code == 302
    assert db.session.scalar(select(User)).display_name == name


def test_register_accepts_a_subdomain_of_an_allowed_domain(client):
    client.post("/auth/register", data=register_data(email="amy@north.council.example.gov.uk"))
    assert User.by_email("amy@north.council.example.gov.uk") is not None


@pytest.mark.parametrize("email", ["taken@example.org", "TAKEN@Example.ORG"])
def test_register_duplicate_email(client, email):
    """The page is the same as for a new address (no account enumeration); the owner is told by email."""
    factories.user(email="taken@example.org")
    db.session.commit()
    response = client.post("/auth/register", data=register_data(email=email))
    assert response.headers["Location"] == "/auth/check-email"
    assert "already exists" not in client.get("/auth/check-email").text
    assert len(db.session.scalars(select(User)).all()) == 1
    [message] = outbox("taken@example.org")
    assert message.subject == "Someone tried to create an account on SDS Champions Hub with your email address"
    assert "http://localhost/auth/sign-in" in message.body and "http://localhost/auth/forgot-password" in message.body


def test_register_without_csrf_token_is_refused(client, csrf_enabled):
    assert client.post("/auth/register", data=register_data()).status_code == 400
    assert db.session.scalar(select(User)) is None


def test_signed_in_people_are_sent_home_from_register(client, login_as):
    login_as("practitioner")
    assert client.get("/auth/register").headers["Location"] == "/"


# --- password reset ----------------------------------------------------------------------------

def test_password_reset_happy_path(app, client):
    user = factories.user(email="forgetful@example.org")
    db.session.commit()
    other = app.test_client()
    with other.session_transaction() as session:  # another device, signed in
        session["_user_id"] = user.get_id()
    response = client.post("/auth/forgot-password", data={"email": "Forgetful@example.org"})
    assert "If an account exists for that email address, we have sent a link" in response.get_data(as_text=True)
    [message] = outbox("forgetful@example.org")
    path = link_path(message)
    assert "expires in 1 hour" in message.body

    assert "Choose a new password" in client.get(path).get_data(as_text=True)
    response = client.post(path, data={"password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD})
    assert response.headers["Location"] == "/"
    assert signed_in_as(client) == user.display_name
    assert other.get("/auth/profile").status_code == 302  # the other device is signed out
    assert db.session.get(User, user.id).check_password(GOOD_PASSWORD)
    assert "password has changed" in outbox("forgetful@example.org")[-1].subject
    # Single use.
    assert client.get(path).status_code == 410
    client.post("/auth/sign-out")
    assert client.post(path, data={"password": "Another fine password", "confirm": "Another fine password"}).status_code == 410
    assert db.session.get(User, user.id).check_password(GOOD_PASSWORD)
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "user.password_reset"))


def test_forgot_password_for_unknown_or_deactivated_email_says_the_same(client):
    factories.user(email="gone@example.org", active=False)
    db.session.commit()
    for email in ("nobody@example.org", "gone@example.org"):
        page = client.post("/auth/forgot-password", data={"email": email}).get_data(as_text=True)
        assert "If an account exists for that email address, we have sent a link" in page
    assert outbox() == []


def test_forgot_password_bad_email(client):
    page = client.post("/auth/forgot-password", data={"email": "nonsense"}).get_data(as_text=True)
    assert "Enter an email address in the correct format" in page and 'value="nonsense"' in page


def test_expired_reset_link_offers_a_new_one(client):
    user = factories.user()
    _, raw = token(tokens.PASSWORD_RESET, user=user, expired=True)
    db.session.commit()
    response = client.get(f"/auth/reset/{raw}")
    page = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "This link has expired" in page and "Send me a new password reset link" in page


def test_reset_link_lasts_one_hour(client):
    item, _ = token(tokens.PASSWORD_RESET, user=factories.user())
    assert item.expires_at - item.sent_at == timedelta(hours=1)
    invite, _ = invitation()
    assert invite.expires_at - invite.sent_at == timedelta(days=7)
    confirm, _ = token(tokens.CONFIRM_EMAIL, user=factories.user())
    assert confirm.expires_at - confirm.sent_at == timedelta(hours=48)


def test_a_newer_reset_link_replaces_the_older(client):
    user = factories.user(email="twice@example.org")
    db.session.commit()
    client.post("/auth/forgot-password", data={"email": user.email})
    client.post("/auth/forgot-password", data={"email": user.email})
    first, second = (link_path(m) for m in outbox(user.email))
    assert client.get(first).status_code == 410 and "no longer valid" in client.get(first).get_data(as_text=True)
    assert client.get(second).status_code == 200


@pytest.mark.parametrize("password,message", [
    ("too short", "at least 12 characters"),
    ("qwertyuiop123", "too common"),
    ("twice@example.org-secret", "must not contain your email address"),
])
def test_reset_rejects_weak_passwords(client, password, message):
    user = factories.user(email="twice@example.org")
    _, raw = token(tokens.PASSWORD_RESET, user=user)
    db.session.commit()
    page = client.post(f"/auth/reset/{raw}", data={"password": password, "confirm": password}).get_data(as_text=True)
    assert message in page
    assert db.session.get(User, user.id).check_password(factories.PASSWORD)
    assert client.get(f"/auth/reset/{raw}").status_code == 200  # not used up


def test_unknown_reset_token_is_404(client):
    response = client.get("/auth/reset/made-up")
    assert response.status_code == 404 and "This link is not valid" in response.get_data(as_text=True)


def test_reset_confirms_an_unconfirmed_email(client):
    user = factories.user(email_confirmed_at=None)
    _, raw = token(tokens.PASSWORD_RESET, user=user)
    db.session.commit()
    client.post(f"/auth/reset/{raw}", data={"password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD})
    assert db.session.get(User, user.id).email_confirmed_at is not None


def test_forgot_password_without_csrf_token_is_refused(client, csrf_enabled):
    factories.user(email="csrf@example.org")
    db.session.commit()
    assert client.post("/auth/forgot-password", data={"email": "csrf@example.org"}).status_code == 400
    assert outbox() == []


# --- invitations (accepting; sending is in test_admin.py) ----------------------------------------

def test_accept_invitation_creates_a_confirmed_account(client):
    org = factories.organisation("Carers Centre", kind="partner")
    admin = factories.user(role="admin", display_name="Alex Admin")
    _, raw = invitation(email="new.partner@carers.example.net", role="partner", organisation=org, created_by=admin)
    db.session.commit()
    page = client.get(f"/auth/accept/{raw}").get_data(as_text=True)
    assert "Alex Admin has invited you" in page and "Carers Centre" in page
    assert '<dt class="summary-list__key">Role</dt><dd class="summary-list__value">Partner</dd>' in page
    response = client.post(f"/auth/accept/{raw}", data={
        "display_name": "Jo Partner", "job_title": "Carer support worker", "password": GOOD_PASSWORD,
        "confirm": GOOD_PASSWORD})
    assert response.headers["Location"] == "/"
    user = User.by_email("new.partner@carers.example.net")
    assert (user.role, user.organisation_id, user.display_name) == ("partner", org.id, "Jo Partner")
    assert user.email_confirmed_at is not None and user.check_password(GOOD_PASSWORD)
    assert signed_in_as(client) == "Jo Partner"
    client.post("/auth/sign-out")
    assert client.get(f"/auth/accept/{raw}").status_code == 410  # single use


def test_accept_invitation_bad_input_keeps_what_was_typed(client):
    _, raw = invitation()
    db.session.commit()
    page = client.post(f"/auth/accept/{raw}", data={
        "display_name": "Jo", "job_title": "Worker", "password": "password", "confirm": "password"}).get_data(as_text=True)
    assert "at least 12 characters" in page and 'value="Worker"' in page
    assert db.session.scalar(select(User)) is None


def test_expired_and_revoked_invitations(client):
    _, expired = invitation(email="late@example.net", expired=True)
    item, revoked = invitation(email="revoked@example.net")
    item.revoked_at = item.sent_at
    db.session.commit()
    page = client.get(f"/auth/accept/{expired}").get_data(as_text=True)
    assert "This link has expired" in page and "Ask the person who invited you" in page
    assert client.get(f"/auth/accept/{revoked}").status_code == 410
    assert client.post(f"/auth/accept/{expired}", data={"display_name": "Late"}).status_code == 410


def test_invitation_for_an_email_that_now_has_an_account(client):
    factories.user(email="already@example.org")
    _, raw = invitation(email="already@example.org")
    db.session.commit()
    assert client.get(f"/auth/accept/{raw}").headers["Location"] == "/auth/sign-in"


def test_council_invitation_offers_that_organisations_teams(client):
    org = factories.organisation("Fife HSCP")
    factories.team("Kirkcaldy Team", org)
    factories.team("Other Team", factories.organisation("Elsewhere"))
    _, raw = invitation(email="champ@example.org", role="champion", organisation=org)
    db.session.commit()
    page = client.get(f"/auth/accept/{raw}").get_data(as_text=True)
    assert "Kirkcaldy Team" in page and "Other Team" not in page


# --- profile -------------------------------------------------------------------------------------

def test_profile_shows_details(client, login_as):
    org = factories.organisation("Tayside HSCP")
    user = login_as("champion", organisation_=org, job_title="Senior social worker")
    page = client.get("/auth/profile").get_data(as_text=True)
    for text in (user.display_name, user.email, "Senior social worker", "Tayside HSCP", "SDS Champion",
                 "Member since", "Change your password"):
        assert text in page


def test_edit_profile(client, login_as):
    org = factories.organisation("Tayside HSCP")
    team = factories.team("South Team", org)
    user = login_as("practitioner", organisation_=org)
    assert "South Team" in client.get("/auth/profile/edit").get_data(as_text=True)
    response = client.post("/auth/profile/edit", data={"display_name": "New Name", "job_title": "OT", "team": str(team.id)})
    assert response.headers["Location"] == "/auth/profile"
    user = db.session.get(User, user.id)
    assert (user.display_name, user.job_title, user.team_id) == ("New Name", "OT", team.id)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.profile_edit"))
    assert event.after["display_name"] == "New Name" and event.before["display_name"] != "New Name"


def test_edit_profile_bad_input(client, login_as):
    login_as("practitioner")
    page = client.post("/auth/profile/edit", data={"display_name": "", "job_title": "Kept title"}).get_data(as_text=True)
    assert "Enter your name" in page and 'value="Kept title"' in page


def test_change_password_ends_other_sessions_but_not_this_one(app, client, login_as):
    user = login_as("practitioner")
    other = app.test_client()
    with other.session_transaction() as session:
        session["_user_id"] = user.get_id()
    assert other.get("/auth/profile").status_code == 200
    response = client.post("/auth/profile/password", data={
        "current_password": factories.PASSWORD, "password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD})
    assert response.headers["Location"] == "/auth/profile"
    assert client.get("/auth/profile").status_code == 200
    assert other.get("/auth/profile").status_code == 302
    assert db.session.get(User, user.id).check_password(GOOD_PASSWORD)
    assert "password has changed" in outbox(user.email)[-1].subject


def test_sign_out_everywhere_ends_every_session_including_this_one(app, client, login_as):
    user = login_as("practitioner")
    other = app.test_client()
    with other.session_transaction() as session:
        session["_user_id"] = user.get_id()
    assert "Sign out on every device" in client.get("/auth/profile").text
    response = client.post("/auth/profile/sign-out-everywhere", follow_redirects=True)
    assert "You have been signed out on every device" in response.text
    assert client.get("/auth/profile").status_code == 302
    assert other.get("/auth/profile").status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.sign_out_everywhere"))
    assert event is not None and event.actor_id == user.id
    # Signing in again works as usual.
    response = client.post("/auth/sign-in", data={"email": user.email, "password": factories.PASSWORD})
    assert response.status_code == 302 and client.get("/auth/profile").status_code == 200


@pytest.mark.parametrize("data,message", [
    ({"current_password": "not my password", "password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD},
     "Your current password is not correct"),
    ({"current_password": factories.PASSWORD, "password": "abc", "confirm": "abc"}, "at least 12 characters"),
    ({"current_password": factories.PASSWORD, "password": "123456789012", "confirm": "123456789012"}, "too common"),
    ({"current_password": factories.PASSWORD, "password": GOOD_PASSWORD, "confirm": "different words here"},
     "The passwords do not match"),
])
def test_change_password_bad_input(client, login_as, data, message):
    user = login_as("practitioner")
    page = client.post("/auth/profile/password", data=data).get_data(as_text=True)
    assert message in page and "There is a problem" in page
    assert db.session.get(User, user.id).check_password(factories.PASSWORD)


def test_change_password_without_csrf_token_is_refused(client, login_as, csrf_enabled):
    user = login_as("practitioner")
    response = client.post("/auth/profile/password", data={
        "current_password": factories.PASSWORD, "password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD})
    assert response.status_code == 400
    assert db.session.get(User, user.id).check_password(factories.PASSWORD)


def test_token_helpers_consume_once(app):
    user = factories.user()
    _, raw = tokens.issue(tokens.PASSWORD_RESET, user=user)
    assert tokens.consume(tokens.PASSWORD_RESET, raw) is not None
    assert tokens.consume(tokens.PASSWORD_RESET, raw) is None
    assert tokens.consume(tokens.CONFIRM_EMAIL, raw) is None
    assert tokens.find(tokens.PASSWORD_RESET, "x" * 500) is None
