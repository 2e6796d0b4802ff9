"""Expected answers for sign-in and account routes."""
from champions.extensions import db
from tests import factories
from tests.factories_auth import invitation, token

ALL = ("anonymous", "practitioner", "partner", "champion", "admin")
SIGNED_IN_REDIRECT = {"anonymous": 200, "practitioner": 302, "partner": 302, "champion": 302, "admin": 302}
SIGNED_IN_ONLY = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}


def _every(status):
    return {role: status for role in ALL}


def cases(app):
    unconfirmed = factories.user(email_confirmed_at=None)
    _, confirm_raw = token("confirm_email", user=unconfirmed)
    _, reset_raw = token("password_reset", user=factories.user())
    _, invite_raw = invitation(organisation=factories.organisation(kind="partner"))
    db.session.commit()
    return [
        ("auth.sign_in", "GET", "/auth/sign-in", SIGNED_IN_REDIRECT),
        ("auth.sign_in", "POST", "/auth/sign-in", SIGNED_IN_REDIRECT),
        ("auth.sign_out", "POST", "/auth/sign-out", _every(302)),
        ("auth.register", "GET", "/auth/register", SIGNED_IN_REDIRECT),
        ("auth.register", "POST", "/auth/register", SIGNED_IN_REDIRECT),
        ("auth.check_email", "GET", "/auth/check-email", _every(200)),
        ("auth.confirm_email", "GET", f"/auth/confirm/{confirm_raw}", _every(200)),
        ("auth.confirm_email", "GET", "/auth/confirm/not-a-real-token", _every(404)),
        # An empty POST confirms (the CSRF token is the only field; CSRF is off here).
        ("auth.confirm_email", "POST", "/auth/confirm/not-a-real-token", _every(404)),
        ("auth.resend_confirmation", "POST", "/auth/confirm/resend", _every(400)),
        ("auth.forgot_password", "GET", "/auth/forgot-password", _every(200)),
        ("auth.forgot_password", "POST", "/auth/forgot-password", _every(200)),
        ("auth.reset_password", "GET", f"/auth/reset/{reset_raw}", _every(200)),
        ("auth.reset_password", "POST", "/auth/reset/not-a-real-token", _every(404)),
        ("auth.accept_invitation", "GET", f"/auth/accept/{invite_raw}", _every(200)),
        ("auth.accept_invitation", "POST", "/auth/accept/not-a-real-token", _every(404)),
        ("auth.profile", "GET", "/auth/profile", SIGNED_IN_ONLY),
        ("auth.edit_profile", "GET", "/auth/profile/edit", SIGNED_IN_ONLY),
        ("auth.edit_profile", "POST", "/auth/profile/edit", _every(302)),
        ("auth.change_password", "GET", "/auth/profile/password", SIGNED_IN_ONLY),
        ("auth.change_password", "POST", "/auth/profile/password", SIGNED_IN_ONLY),
        ("auth.sign_out_everywhere", "POST", "/auth/profile/sign-out-everywhere", _every(302)),
        # Single sign-on is off unless the environment names a provider (tests/auth/test_oidc.py turns it on).
        ("auth.oidc_sign_in", "GET", "/auth/oidc/sign-in", _every(404)),
        ("auth.oidc_callback", "GET", "/auth/oidc/callback", _every(404)),
        # The second step needs a half-finished password sign-in: without one, back to the sign-in page.
        ("auth.second_step", "GET", "/auth/two-step", _every(302)),
        ("auth.second_step", "POST", "/auth/two-step", _every(302)),
        ("auth.passkey_sign_in_options", "POST", "/auth/two-step/passkey/options", _every(401)),
        ("auth.passkey_sign_in", "POST", "/auth/two-step/passkey", _every(401)),
        ("auth.set_up_authenticator", "GET", "/auth/two-step/set-up", SIGNED_IN_ONLY),
        ("auth.set_up_authenticator", "POST", "/auth/two-step/set-up", SIGNED_IN_ONLY),
        ("auth.recovery_codes", "GET", "/auth/two-step/recovery-codes", SIGNED_IN_ONLY),
        ("auth.security", "GET", "/auth/security", SIGNED_IN_ONLY),
        ("auth.confirm_password", "GET", "/auth/security/confirm", SIGNED_IN_ONLY),
        ("auth.confirm_password", "POST", "/auth/security/confirm", SIGNED_IN_ONLY),
        ("auth.new_recovery_codes", "POST", "/auth/security/recovery-codes", _every(302)),
        ("auth.remove_authenticator", "POST", "/auth/security/authenticator/remove", _every(302)),
        ("auth.forget_devices", "POST", "/auth/security/devices/forget", _every(302)),
        ("auth.passkey_registration_options", "POST", "/auth/passkeys/options", {**SIGNED_IN_ONLY, "anonymous": 401}),
        # An empty form is no passkey: 400 with a message in JSON.
        ("auth.add_passkey", "POST", "/auth/passkeys", {**_every(400), "anonymous": 401}),
        ("auth.rename_passkey", "POST", "/auth/passkeys/999999/rename", {**_every(404), "anonymous": 302}),
        ("auth.remove_passkey", "POST", "/auth/passkeys/999999/remove", {**_every(404), "anonymous": 302}),
    ]
