"""The second step after a Hub password: authenticator apps, recovery codes, remembered devices, the limit."""
from __future__ import annotations

import re

import pyotp
import pytest
from sqlalchemy import select

from champions.audit import AuditEvent
from champions.auth import factors
from champions.extensions import db
from champions.outbox.models import OutboxMessage
from tests import factories
from tests.factories_auth import authenticator, code

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def sign_in(client, user, **extra):
    return client.post("/auth/sign-in", data={"email": user.email, "password": factories.PASSWORD, **extra})


def signed_in(client) -> bool:
    return client.get("/auth/profile").status_code == 200


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def emails_to(user) -> list[str]:
    return list(db.session.scalars(select(OutboxMessage.subject).where(OutboxMessage.to_address == user.email)))


def recovery_codes_on(page: str) -> list[str]:
    return re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", page)


def set_up(client) -> tuple[str, list[str]]:
    """Read the key from the set-up page, confirm it with a code; returns the secret and recovery codes."""
    page = client.get("/auth/two-step/set-up").get_data(as_text=True)
    secret = re.search(r'<code class="secret-key" id="secret-key">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    response = client.post("/auth/two-step/set-up", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302, response.get_data(as_text=True)
    codes_page = client.get(response.location).get_data(as_text=True)
    return secret, recovery_codes_on(codes_page)


@pytest.mark.parametrize("role", ["champion", "admin"])
def test_champions_and_admins_set_up_an_authenticator_at_their_next_password_sign_in(client, role):
    user = factories.user(role=role)
    db.session.commit()
    response = sign_in(client, user)
    assert response.location == "/auth/two-step/set-up"
    assert not signed_in(client)  # nothing is signed in until the second step is done
    page = client.get("/auth/two-step/set-up").get_data(as_text=True)
    assert "<svg" in page and "QR code for your authenticator app" in page and 'class="secret-key"' in page
    secret, codes = set_up(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert signed_in(client)
    assert "user.authenticator_add" in actions()
    assert "Your SDS Champions Hub sign-in settings have changed" in emails_to(user)
    # The secret is stored encrypted, never as typed into the app.
    stored = factors.totp_for(user).secret_encrypted
    assert secret not in stored and factors.decrypt(stored) == secret
    # The codes were shown once.
    assert recovery_codes_on(client.get("/auth/two-step/recovery-codes").get_data(as_text=True)) == []


def test_a_wrong_code_at_set_up_is_explained_and_nothing_is_saved(client):
    user = factories.user(role="champion")
    db.session.commit()
    sign_in(client, user)
    client.get("/auth/two-step/set-up")
    response = client.post("/auth/two-step/set-up", data={"code": "000000"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in page and "The code is not correct" in page
    assert 'value="000000"' in page  # what was typed is kept
    assert factors.totp_for(user) is None and not signed_in(client)


def test_a_practitioner_without_a_second_factor_signs_in_with_the_password_alone(client):
    user = factories.user(role="practitioner")
    db.session.commit()
    assert sign_in(client, user).location == "/"
    assert signed_in(client)


def test_a_practitioner_may_set_one_up_and_is_then_asked_for_it(client):
    user = factories.user(role="practitioner")
    db.session.commit()
    sign_in(client, user)
    secret, _ = set_up(client)
    client.post("/auth/sign-out")
    assert sign_in(client, user).location == "/auth/two-step"


def test_the_code_step_wrong_right_and_reused(client):
    user = factories.user(role="champion")
    authenticator(user)
    db.session.commit()
    assert sign_in(client, user, next="/questions/").location == "/auth/two-step"
    wrong = client.post("/auth/two-step", data={"code": "123456" if code() != "123456" else "654321"})
    assert "The code is not correct" in wrong.get_data(as_text=True) and not signed_in(client)
    right = client.post("/auth/two-step", data={"code": code()})
    assert right.location == "/questions/" and signed_in(client)
    client.post("/auth/sign-out")
    sign_in(client, user)
    reused = client.post("/auth/two-step", data={"code": code()})
    assert "That code has already been used" in reused.get_data(as_text=True) and not signed_in(client)


def test_a_code_from_the_previous_step_is_accepted_for_a_slow_clock(client):
    user = factories.user(role="admin")
    authenticator(user)
    db.session.commit()
    sign_in(client, user)
    assert client.post("/auth/two-step", data={"code": code(steps_ago=1)}).status_code == 302
    assert signed_in(client)


def test_recovery_codes_work_once_each(client):
    user = factories.user(role="champion")
    authenticator(user)
    codes = factors.new_recovery_codes(user)
    db.session.commit()
    sign_in(client, user)
    response = client.post("/auth/two-step", data={"code": codes[0].upper()}, follow_redirects=True)
    assert "Signed in with a recovery code. You have 9 left" in response.get_data(as_text=True)
    assert "user.recovery_code_used" in actions()
    client.post("/auth/sign-out")
    sign_in(client, user)
    again = client.post("/auth/two-step", data={"code": codes[0]})
    assert "The code is not correct" in again.get_data(as_text=True) and not signed_in(client)
    assert client.post("/auth/two-step", data={"code": codes[1].replace("-", " ")}).status_code == 302


@pytest.fixture(scope="module")
def _limited_app(_shared_app, tmp_path_factory):
    """A second app on the test's database with rate limiting on (as in production), built once for this module."""
    from tests.apps import SecondApp

    return SecondApp.build(_shared_app, tmp_path_factory.mktemp("limited"), tmp_path_factory, RATELIMIT_ENABLED=True)


@pytest.fixture
def limited(app, _limited_app, tmp_path):
    """The rate-limited app, with limits counted from nothing, on this test's database."""
    with _limited_app.fresh(tmp_path) as limited_app:
        yield limited_app


def test_wrong_codes_are_limited_per_account(limited):
    user = factories.user(role="champion")
    authenticator(user)
    db.session.commit()
    client = limited.test_client()
    sign_in(client, user)
    wrong = "999999" if code() != "999999" else "888888"
    assert [client.post("/auth/two-step", data={"code": wrong}).status_code for _ in range(5)] == [200] * 5
    blocked = client.post("/auth/two-step", data={"code": code()})
    assert blocked.status_code == 429 and "Too many wrong codes" in blocked.get_data(as_text=True)
    assert int(blocked.headers["Retry-After"]) > 800
    assert not signed_in(client)
    assert "user.second_factor_limit" in actions()
    # The limit is the account's, not the browser's: another browser with the password waits too.
    other = limited.test_client()
    sign_in(other, user)
    assert other.post("/auth/two-step", data={"code": code()}).status_code == 429


def test_remember_this_device_skips_the_code_for_30_days_until_forgotten(client):
    user = factories.user(role="champion")
    authenticator(user)
    db.session.commit()
    sign_in(client, user)
    response = client.post("/auth/two-step", data={"code": code(), "remember_device": "y"})
    cookie = response.headers.get("Set-Cookie", "")
    assert "hub_device=" in cookie and "HttpOnly" in cookie and "Max-Age=2592000" in cookie
    client.post("/auth/sign-out")
    assert sign_in(client, user).location == "/" and signed_in(client)
    client.post("/auth/security/devices/forget")
    client.post("/auth/sign-out")
    assert sign_in(client, user).location == "/auth/two-step"


def test_the_half_signed_in_state_expires(client):
    user = factories.user(role="champion")
    authenticator(user)
    db.session.commit()
    sign_in(client, user)
    with client.session_transaction() as session:
        note = dict(session["sign_in_pending"])
        note["at"] -= 11 * 60
        session["sign_in_pending"] = note
    response = client.get("/auth/two-step", follow_redirects=True)
    assert "Your sign-in timed out" in response.get_data(as_text=True)


def test_a_password_reset_link_does_not_skip_the_second_step(client):
    from tests.factories_auth import token

    user = factories.user(role="admin")
    authenticator(user)
    _, raw = token("password_reset", user=user)
    db.session.commit()
    response = client.post(f"/auth/reset/{raw}", data={"password": "Tay river kettle lantern",
                                                       "confirm": "Tay river kettle lantern"})
    assert response.location == "/auth/two-step" and not signed_in(client)


def test_an_invited_champion_sets_up_the_second_step_before_the_first_sign_in(client):
    from tests.factories_auth import invitation

    _, raw = invitation(email="new.champion@example.org", role="champion")
    db.session.commit()
    response = client.post(f"/auth/accept/{raw}", data={"display_name": "New Champion",
                                                        "password": "Tay river kettle lantern",
                                                        "confirm": "Tay river kettle lantern"})
    assert response.location == "/auth/two-step/set-up" and not signed_in(client)


def confirm_password(client):
    return client.post("/auth/security/confirm?next=/auth/security", data={"password": factories.PASSWORD})


def test_changing_the_second_step_needs_the_password_again(client, login_as):
    user = login_as("champion")
    authenticator(user)
    codes = factors.new_recovery_codes(user)
    db.session.commit()
    page = client.get("/auth/security").get_data(as_text=True)
    assert "confirm your password</a> first" in page
    for url in ("/auth/security/recovery-codes", "/auth/security/authenticator/remove"):
        response = client.post(url)
        assert response.location.startswith("/auth/security/confirm")
    assert client.get("/auth/two-step/set-up").location.startswith("/auth/security/confirm")
    assert factors.use_recovery_code(user, codes[0])  # the old codes still work: nothing changed
    wrong = client.post("/auth/security/confirm", data={"password": "not it"})
    assert "The password is not correct" in wrong.get_data(as_text=True)
    assert confirm_password(client).location == "/auth/security"
    assert client.get("/auth/two-step/set-up").status_code == 200


def test_an_account_without_a_password_is_not_asked_for_one(client, login_as):
    user = login_as("practitioner", password="")
    user.password_hash = ""
    authenticator(user)
    db.session.commit()
    assert client.post("/auth/security/recovery-codes").location == "/auth/two-step/recovery-codes"


def test_security_page_and_its_rules(client, login_as):
    user = login_as("champion")
    authenticator(user)
    db.session.commit()
    confirm_password(client)
    page = client.get("/auth/security").get_data(as_text=True)
    assert "Authenticator app" in page and "Add a passkey" in page
    assert "Remove authenticator app" not in page and "You cannot remove it" in page
    refused = client.post("/auth/security/authenticator/remove", follow_redirects=True)
    assert "Your role needs a second step" in refused.get_data(as_text=True)
    assert factors.totp_for(user) is not None
    response = client.post("/auth/security/recovery-codes", follow_redirects=True)
    assert len(recovery_codes_on(response.get_data(as_text=True))) == 10
    assert "user.recovery_codes_new" in actions()


def test_with_an_app_and_a_passkey_a_champion_may_remove_either_but_not_a_lone_passkey(client, login_as):
    from champions.auth.passkeys import WebAuthnCredential

    user = login_as("champion")
    authenticator(user)
    db.session.add(WebAuthnCredential(user_id=user.id, credential_id="k1", public_key=b"x", name="Laptop"))
    db.session.commit()
    confirm_password(client)
    page = client.get("/auth/security").get_data(as_text=True)
    assert "Remove authenticator app" in page and "Remove<span class=\"visually-hidden\"> Laptop" in page
    db.session.delete(factors.totp_for(user))
    db.session.commit()
    page = client.get("/auth/security").get_data(as_text=True)
    assert "Laptop" in page and "Remove<span class=\"visually-hidden\"> Laptop" not in page


def test_a_practitioner_can_remove_their_authenticator(client, login_as):
    user = login_as("practitioner")
    authenticator(user)
    factors.new_recovery_codes(user)
    db.session.commit()
    confirm_password(client)
    client.post("/auth/security/authenticator/remove")
    assert factors.totp_for(user) is None and factors.recovery_codes_left(user) == 0
    assert "user.authenticator_remove" in actions()


def test_an_admin_resets_someone_elses_second_step(client, login_as):
    person = factories.user(role="champion")
    authenticator(person)
    factors.new_recovery_codes(person)
    db.session.commit()
    admin = login_as("admin")
    page = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert "Reset second sign-in step" in page
    response = client.post(f"/admin/users/{person.id}/reset-second-factor", follow_redirects=True)
    assert "second step has been reset" in response.get_data(as_text=True)
    assert factors.totp_for(person) is None and factors.recovery_codes_left(person) == 0
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.second_factor_reset")).one()
    assert event.actor_id == admin.id and event.target_id == person.id
    assert "Your SDS Champions Hub sign-in settings have changed" in emails_to(person)
    assert "Second sign-in step reset by an administrator" in client.get("/admin/audit").get_data(as_text=True)
    # Their next password sign-in sets up a new one.
    client.post("/auth/sign-out")
    assert sign_in(client, person).location == "/auth/two-step/set-up"


@pytest.mark.parametrize("role", ["practitioner", "partner", "champion"])
def test_only_admins_reset_a_second_step(client, login_as, role):
    person = factories.user(role="champion")
    authenticator(person)
    db.session.commit()
    login_as(role)
    assert client.post(f"/admin/users/{person.id}/reset-second-factor").status_code in (403, 404)
    assert factors.totp_for(person) is not None


def test_an_admin_cannot_reset_their_own_from_the_admin_page(client, login_as):
    admin = login_as("admin")
    authenticator(admin)
    db.session.commit()
    assert client.post(f"/admin/users/{admin.id}/reset-second-factor").status_code == 403


def test_passkey_endpoints_answer_json_and_refuse_a_made_up_credential(client, login_as):
    login_as("practitioner")
    options = client.post("/auth/passkeys/options")
    assert options.status_code == 200 and options.json["rp"]["id"] == "localhost" and options.json["challenge"]
    bad = client.post("/auth/passkeys", json={"name": "Laptop", "credential": {"id": "abc", "response": {}}})
    assert bad.status_code == 400 and "could not be checked" in bad.json["error"]
    # The challenge was used up by that attempt: another answer needs new options.
    again = client.post("/auth/passkeys", json={"name": "Laptop", "credential": {}})
    assert again.status_code == 400 and "expired" in again.json["error"]


def test_passkey_sign_in_needs_a_half_finished_sign_in(client):
    assert client.post("/auth/two-step/passkey/options").status_code == 401
    assert client.post("/auth/two-step/passkey", json={}).status_code == 401


def test_another_persons_passkey_is_not_there(client, login_as):
    from champions.auth.passkeys import WebAuthnCredential

    other = factories.user()
    db.session.add(WebAuthnCredential(user_id=other.id, credential_id="abc", public_key=b"x", name="Theirs"))
    db.session.commit()
    key_id = db.session.scalar(select(WebAuthnCredential.id))
    login_as("admin")
    assert client.post(f"/auth/passkeys/{key_id}/remove").status_code == 404
    assert client.post(f"/auth/passkeys/{key_id}/rename", data={"name": "Mine"}).status_code == 404


def test_setting_up_an_app_allows_time_to_install_one(client):
    user = factories.user(role="champion")
    db.session.commit()
    sign_in(client, user)
    first = client.get("/auth/two-step/set-up").get_data(as_text=True)
    with client.session_transaction() as session:
        note = dict(session["sign_in_pending"])
        note["at"] -= 20 * 60
        session["sign_in_pending"] = note
    again = client.get("/auth/two-step/set-up")
    assert again.status_code == 200
    key = re.compile(r'id="secret-key">([A-Z2-7 ]+)<')
    assert key.search(first).group(1) == key.search(again.get_data(as_text=True)).group(1)  # the same QR code


def test_wrong_codes_while_setting_up_an_app_are_limited_like_sign_in_codes(limited):
    user = factories.user(role="champion")
    db.session.commit()
    client = limited.test_client()
    sign_in(client, user)
    page = client.get("/auth/two-step/set-up").get_data(as_text=True)
    secret = re.search(r'<code class="secret-key" id="secret-key">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    right = pyotp.TOTP(secret).now()
    wrong = "999999" if right != "999999" else "888888"
    assert [client.post("/auth/two-step/set-up", data={"code": wrong}).status_code for _ in range(5)] == [200] * 5
    blocked = client.post("/auth/two-step/set-up", data={"code": right})
    assert blocked.status_code == 429 and "Too many wrong codes" in blocked.get_data(as_text=True)
    assert factors.totp_for(user) is None and not signed_in(client)
    assert "user.second_factor_limit" in actions()


def test_a_passkey_name_that_is_refused_is_shown_on_its_field_with_what_was_typed(client, login_as):
    from champions.auth.passkeys import WebAuthnCredential

    user = login_as("practitioner")
    db.session.add(WebAuthnCredential(user_id=user.id, credential_id="abc", public_key=b"x", name="Work laptop"))
    db.session.commit()
    key_id = db.session.scalar(select(WebAuthnCredential.id))
    typed = "A name far too long for anyone to read in the list of passkeys, really"
    response = client.post(f"/auth/passkeys/{key_id}/rename", data={"name": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "There is a problem" in page
    assert f'<a href="#name-{key_id}">Name must be 60 characters or fewer</a>' in page
    assert f'id="name-{key_id}-error"' in page and f'value="{typed}"' in page and 'aria-invalid="true"' in page
    assert db.session.get(WebAuthnCredential, key_id).name == "Work laptop"
    empty = client.post(f"/auth/passkeys/{key_id}/rename", data={"name": ""}).get_data(as_text=True)
    assert "Enter a name for the passkey" in empty
    assert client.post(f"/auth/passkeys/{key_id}/rename", data={"name": "Home PC"}).status_code == 302
    assert db.session.get(WebAuthnCredential, key_id).name == "Home PC"
